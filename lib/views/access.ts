import 'server-only';
import { getSessionStore, sessionIdFromCookieHeader } from '@/lib/auth/sessions';
import { getClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { readAccess } from '@/lib/k8s/read-access';
import { modeOf, requestUser, type HeaderSource, type UserContext } from '@/lib/k8s/user';
import { errorResponse } from './respond';

const NAMESPACE = (): string => process.env.CNI_HEALTH_NAMESPACE || 'cni-health';

export type Access = { ok: true; cache: ClusterCache; user: UserContext } | { ok: false; response: Response };

export type AccessDecision =
  | { ok: true; cache: ClusterCache; user: UserContext }
  | { ok: false; code: 'unconfigured' | 'unauthenticated' | 'forbidden' | 'unavailable'; error: string; user?: UserContext };

/**
 * Who may read what, for routes and pages alike: a configured cluster, a
 * user (none in token and proxy mode without a session or a proxy-named
 * user), and, for views, that user's RBAC allows reading what the views are
 * built from (lib/k8s/read-access.ts).
 */
export async function decideAccess(headers: HeaderSource, opts: { read: boolean } = { read: true }): Promise<AccessDecision> {
  const handle = getClusterCache();
  if (!handle.ok) return { ok: false, code: 'unconfigured', error: handle.reason };
  if (modeOf(handle.cache) === 'token') await getSessionStore().refresh(sessionIdFromCookieHeader(headers.get('cookie')), Date.now());
  const resolved = requestUser(handle.cache, headers);
  if (!resolved.ok) return { ok: false, code: 'unauthenticated', error: resolved.error };
  if (opts.read) {
    const allowed = await readAccess(resolved.user, NAMESPACE());
    if (!allowed.ok) {
      const code = allowed.status === 401 ? 'unauthenticated' : allowed.status === 403 ? 'forbidden' : 'unavailable';
      return { ok: false, code, error: allowed.error, user: resolved.user };
    }
  }
  return { ok: true, cache: handle.cache, user: resolved.user };
}

/** The first lines of every route: the decision above, a refusal as 503, 401 or 403. */
export async function access(headers: HeaderSource, opts: { read: boolean } = { read: true }): Promise<Access> {
  const decided = await decideAccess(headers, opts);
  return decided.ok ? decided : { ok: false, response: errorResponse(decided.code, decided.error) };
}

/** Whether this server runs in token mode (the sign-in page offers its form only then). */
export function signInEnabled(): boolean {
  const handle = getClusterCache();
  return handle.ok && modeOf(handle.cache) === 'token';
}

/**
 * After calls made with the user's own token: a 401 to any of them ended the
 * session (lib/k8s/user.ts), so answer 401 now and the browser goes to sign
 * in, instead of showing a result computed with a dead token.
 */
export function endedMeanwhile(cache: ClusterCache, user: UserContext, headers: HeaderSource): Response | undefined {
  if (user.identity.mode !== 'token') return undefined;
  return requestUser(cache, headers).ok ? undefined : errorResponse('unauthenticated', 'the API server refused your token (expired or revoked): sign in again');
}
