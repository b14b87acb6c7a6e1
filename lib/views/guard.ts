import 'server-only';
import type { z } from 'zod';
import { MUTATION_HEADER } from '@/lib/api/remediation';
import { describeIssue } from '@/lib/api/params';
import { readCappedBody } from '@/lib/auth/body';
import { currentAuthMode } from '@/lib/auth/current';
import { normalHost } from '@/lib/auth/mode';
import { hasServerMark } from '@/lib/auth/server-mark';

export const MAX_BODY_BYTES = 64 * 1024;

function fail(status: number, code: string, error: string): { ok: false; response: Response } {
  return { ok: false, response: Response.json({ error, code }, { status, headers: { 'cache-control': 'no-store' } }) };
}

/**
 * A body refused unread (413): the rest of it is still in the connection,
 * and a client that reused it (keep-alive) waited for an answer until the
 * server's keep-alive timeout reset it. Connection: close ends it cleanly
 * after the answer (RFC 9112 §9.6).
 */
function tooLarge(): { ok: false; response: Response } {
  const refused = fail(413, 'bad-request', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  refused.response.headers.set('connection', 'close');
  return refused;
}

/**
 * The host the browser addressed. X-Forwarded-Host counts only when the
 * custom server vouches that a trusted proxy set it (anyone else can send
 * it); otherwise the Host header, which a browser always sets itself.
 */
export function requestHost(headers: Headers): string | undefined {
  const forwarded = hasServerMark(headers) ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || headers.get('host') || undefined;
}

/**
 * Whether the Origin is this dashboard, scheme and port included (an
 * http:// page is another origin than the https:// one, RFC 6454 §5). In
 * token and proxy mode it must be one of the configured origins
 * (CNI_HEALTH_HOSTS) and name the host the request was sent to; without a
 * configured list (demo, local: loopback, plain HTTP) it must be
 * http://HOST exactly.
 */
export function originAllowed(origin: string | null, host: string | undefined): boolean {
  if (!origin || origin === 'null' || !host) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const mode = currentAuthMode();
  const configured = mode && (mode.name === 'token' || mode.name === 'proxy') ? mode.origins : [];
  if (configured.length > 0) return configured.includes(url.origin) && normalHost(host, url.protocol) === url.host;
  return url.protocol === 'http:' && normalHost(host, 'http:') === url.host;
}

/**
 * What every mutating route checks before anything else: the request comes
 * from this dashboard's own pages (Origin equals the Host it was sent to),
 * carries the custom header a cross-site form cannot set, is JSON, is small,
 * and matches its schema. Each failure is a clear 4xx, never a stack trace.
 */
export async function guardMutation<S extends z.ZodType>(request: Request, schema: S): Promise<{ ok: true; body: z.output<S> } | { ok: false; response: Response }> {
  if (request.method !== 'POST') return fail(405, 'bad-request', 'only POST may change anything');
  if (!originAllowed(request.headers.get('origin'), requestHost(request.headers))) return fail(403, 'forbidden', 'cross-origin request refused: the Origin header must name this dashboard');
  if (request.headers.get(MUTATION_HEADER) !== '1') return fail(403, 'forbidden', `missing the ${MUTATION_HEADER} header`);
  const type = (request.headers.get('content-type') ?? '').toLowerCase().split(';')[0]?.trim();
  if (type !== 'application/json') return fail(415, 'bad-request', 'the body must be application/json');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return tooLarge();
  // Chunked bodies declare no length, and a declared length is only a claim: count as we read.
  const body = await readCappedBody(request.body, MAX_BODY_BYTES);
  if (!body.ok) return body.reason === 'too-large' ? tooLarge() : fail(400, 'bad-request', 'the body could not be read as UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(body.text);
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
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
