import 'server-only';
import type { ErrorView } from '@/lib/api/views';

const STATUS: Record<ErrorView['code'], number> = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'rate-limited': 429,
  unconfigured: 503,
  unavailable: 503,
  internal: 500,
};

/** A JSON error with a stable code; never a stack trace. */
export function errorResponse(code: ErrorView['code'], error: string): Response {
  const body: ErrorView = { error, code };
  return Response.json(body, { status: STATUS[code], headers: { 'cache-control': 'no-store' } });
}

export function jsonResponse<T>(body: T): Response {
  return Response.json(body, { headers: { 'cache-control': 'no-store' } });
}
