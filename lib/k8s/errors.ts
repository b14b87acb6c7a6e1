import 'server-only';

/** A Kubernetes `Status` failure, or a transport error, reduced to what callers branch on. */
export interface KubeError {
  code?: number;
  reason?: string;
  message: string;
  /** From a 429's Retry-After header or its Status details: how long the server asks us to wait. */
  retryAfterSeconds?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Typed guard for a Kubernetes `Status` object (a watch ERROR event carries one). */
export function isStatus(v: unknown): v is { kind: 'Status'; code?: number; reason?: string; message?: string; details?: { retryAfterSeconds?: number } } {
  return isRecord(v) && v.kind === 'Status';
}

/**
 * Normalises what client-node throws: ApiException (code + body string),
 * watch errors (statusCode), fetch/network errors (code like ECONNREFUSED).
 */
export function toKubeError(err: unknown): KubeError {
  if (!isRecord(err)) return { message: String(err) };
  const code = typeof err.code === 'number' ? err.code : typeof err.statusCode === 'number' ? err.statusCode : undefined;
  let reason: string | undefined;
  let message = typeof err.message === 'string' ? err.message : String(err);
  let retryAfterSeconds = typeof err.retryAfterSeconds === 'number' ? err.retryAfterSeconds : undefined;
  const body = err.body;
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  if (isStatus(parsed)) {
    reason = parsed.reason;
    if (parsed.message) message = parsed.message;
    if (typeof parsed.details?.retryAfterSeconds === 'number') retryAfterSeconds ??= parsed.details.retryAfterSeconds;
  }
  if (typeof err.code === 'string') message = `${err.code}: ${message}`;
  // ApiException messages embed the whole response; keep the first line.
  message = message.split('\n')[0]!.slice(0, 300);
  return { code, reason, message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** 410 Gone: a resourceVersion or continue token too old; the cure is a fresh list. */
export function isGone(err: KubeError): boolean {
  return err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone';
}

/** 403: the credentials may not read this kind (RBAC); retrying helps only once someone grants it. */
export function isForbidden(err: KubeError): boolean {
  return err.code === 403;
}

/**
 * Retry-After as RFC 9110 §10.2.3 allows it: delay-seconds or an HTTP date.
 * Undefined when absent or unreadable (the caller's own backoff applies).
 */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
