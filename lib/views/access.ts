import 'server-only';
import { getClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { readAccess } from '@/lib/k8s/read-access';
import { modeOf, requestUser, type HeaderSource, type UserContext } from '@/lib/k8s/user';
import { errorResponse } from './respond';

const NAMESPACE = (): string => process.env.CNI_HEALTH_NAMESPACE || 'cni-health';

export type Access = { ok: true; cache: ClusterCache; user: UserContext } | { ok: false; response: Response };

/**
 * The first lines of every route: a configured cluster, a user (401 without
 * one in token and proxy mode), and, for views, that user's RBAC allows
 * reading what the views are built from (403 otherwise).
 */
export async function access(headers: HeaderSource, opts: { read: boolean } = { read: true }): Promise<Access> {
  const handle = getClusterCache();
  if (!handle.ok) return { ok: false, response: errorResponse('unconfigured', handle.reason) };
  const resolved = requestUser(handle.cache, headers);
  if (!resolved.ok) return { ok: false, response: errorResponse('unauthenticated', resolved.error) };
  if (opts.read) {
    const allowed = await readAccess(resolved.user, NAMESPACE());
    if (!allowed.ok) {
      const code = allowed.status === 401 ? 'unauthenticated' : allowed.status === 403 ? 'forbidden' : 'unavailable';
      return { ok: false, response: errorResponse(code, allowed.error) };
    }
  }
  return { ok: true, cache: handle.cache, user: resolved.user };
}

/** Whether this server runs in token mode (the sign-in page offers its form only then). */
export function signInEnabled(): boolean {
  const handle = getClusterCache();
  return handle.ok && modeOf(handle.cache) === 'token';
}

export type PageAccess = { ok: true } | { ok: false; signIn: boolean; error: string };

/**
 * The same checks for a page render (its server prefetch reads the cache):
 * no user sends them to sign in, a user whose RBAC cannot read the cluster
 * gets the reason instead of the page. No cluster at all is the pages' own
 * explained state, so it passes.
 */
export async function pageAccess(headers: HeaderSource): Promise<PageAccess> {
  const handle = getClusterCache();
  if (!handle.ok) return { ok: true };
  const resolved = requestUser(handle.cache, headers);
  if (!resolved.ok) return { ok: false, signIn: true, error: resolved.error };
  const allowed = await readAccess(resolved.user, NAMESPACE());
  if (allowed.ok) return { ok: true };
  return { ok: false, signIn: allowed.status === 401, error: allowed.error };
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
