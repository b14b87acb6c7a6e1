/**
 * How the custom server (server/) tells route handlers things a client must
 * not be able to say: that a request came through a trusted proxy, and the
 * user that proxy named. The server strips these headers from every request
 * and sets them itself, stamped with a secret that lives only in this
 * process (globalThis, shared by the server and Next's bundled route code).
 * Started any other way (plain `next start`), there is no secret, so nothing
 * is ever trusted: proxy mode then has no users and x-forwarded-host is ignored.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const MARK_HEADER = 'x-cni-health-mark';
export const PROXY_USER_HEADER = 'x-cni-health-proxy-user';
export const PROXY_GROUPS_HEADER = 'x-cni-health-proxy-groups';

const KEY = Symbol.for('cni-health.server-mark');
type Global = typeof globalThis & { [KEY]?: string };

/** Called once by the custom server at start; returns the stamp it sets on trusted requests. */
export function createServerMark(): string {
  const g = globalThis as Global;
  g[KEY] ??= randomBytes(32).toString('base64url');
  return g[KEY];
}

/** Whether the request carries this process's stamp (so the custom server vouches for its proxy headers). */
export function hasServerMark(headers: Headers): boolean {
  const secret = (globalThis as Global)[KEY];
  const got = headers.get(MARK_HEADER);
  if (!secret || !got) return false;
  const a = Buffer.from(got);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
