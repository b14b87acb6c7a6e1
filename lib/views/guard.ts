import 'server-only';
import type { z } from 'zod';
import { MUTATION_HEADER } from '@/lib/api/remediation';
import { describeIssue } from '@/lib/api/params';

export const MAX_BODY_BYTES = 64 * 1024;

function fail(status: number, code: string, error: string): { ok: false; response: Response } {
  return { ok: false, response: Response.json({ error, code }, { status, headers: { 'cache-control': 'no-store' } }) };
}

/**
 * What every mutating route checks before anything else: the request comes
 * from this dashboard's own pages (Origin equals the Host it was sent to),
 * carries the custom header a cross-site form cannot set, is JSON, is small,
 * and matches its schema. Each failure is a clear 4xx, never a stack trace.
 */
export async function guardMutation<S extends z.ZodType>(request: Request, schema: S): Promise<{ ok: true; body: z.output<S> } | { ok: false; response: Response }> {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string | undefined;
  try {
    originHost = origin && origin !== 'null' ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || !host || originHost !== host) return fail(403, 'forbidden', 'cross-origin request refused: the Origin header must name this dashboard');
  if (request.headers.get(MUTATION_HEADER) !== '1') return fail(403, 'forbidden', `missing the ${MUTATION_HEADER} header`);
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return fail(415, 'bad-request', 'the body must be application/json');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return fail(413, 'bad-request', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return fail(413, 'bad-request', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(400, 'bad-request', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail(400, 'bad-request', describeIssue(parsed.error));
  return { ok: true, body: parsed.data };
}

/** The cookie value of a name, from the request. */
export function cookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
