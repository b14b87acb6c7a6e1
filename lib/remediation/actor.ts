import 'server-only';
import { z } from 'zod';
import { sessionObjectName } from '@/lib/auth/session-crypto';
import { getSessionStore } from '@/lib/auth/sessions';
import type { ClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { kubeConfigForToken, kubeConfigImpersonating } from '@/lib/k8s/user-client';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { loadSessionByName } from '@/lib/state/sessions';

/**
 * Who a piece of work acts as, recorded with it so that the replica that
 * takes it over (lib/remediation/worker.ts) acts as the same person, never
 * as itself: every call of an operation runs with the user's identity and
 * RBAC decides. Token mode records the session's object name (the hash of
 * its id: the id is a bearer credential), and the token is read from the
 * session's sealed Secret when needed, so a sign-out or an expired session
 * stops the work; proxy mode records the user and groups the proxy named
 * (impersonated, as on every request); demo and local mode the identity the
 * request had. The read-only service account never acts.
 */
const actorSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('demo'), user: z.string().max(64) }),
  z.object({ mode: z.literal('local') }),
  z.object({ mode: z.literal('proxy'), user: z.string().max(1024), groups: z.array(z.string().max(1024)).max(1000) }),
  z.object({ mode: z.literal('token'), session: z.string().max(100), user: z.string().max(1024) }),
]);
export type Actor = z.infer<typeof actorSchema>;

export function actorOf(user: UserContext): Actor | undefined {
  const id = user.identity;
  if (!user.mayMutate) return undefined;
  if (id.mode === 'demo') return { mode: 'demo', user: id.user };
  if (id.mode === 'local') return { mode: 'local' };
  if (id.mode === 'proxy') return { mode: 'proxy', user: id.user, groups: id.groups ?? [] };
  if (id.mode === 'token' && user.sessionId) return { mode: 'token', session: sessionObjectName(user.sessionId), user: id.user };
  return undefined;
}

export const actorText = (a: Actor | undefined): string | undefined => (a ? JSON.stringify(a) : undefined);

/** The user again, on this replica; undefined (with why) when they can no longer act: signed out, expired, another mode now. */
export async function actorUser(cache: ClusterCache, text: string | undefined, now: number): Promise<{ ok: true; user: UserContext } | { ok: false; why: string }> {
  let actor: Actor;
  try {
    const parsed = actorSchema.safeParse(JSON.parse(text ?? 'null'));
    if (!parsed.success) return { ok: false, why: 'it does not record who started it' };
    actor = parsed.data;
  } catch {
    return { ok: false, why: 'it does not record who started it' };
  }
  if (actor.mode === 'demo' || actor.mode === 'local') {
    const r = requestUser(cache, { get: (h) => (h === 'cookie' && actor.mode === 'demo' ? `${DEMO_USER_COOKIE}=${actor.user}` : null) });
    return r.ok && r.user.mayMutate && r.user.identity.mode === actor.mode ? { ok: true, user: r.user } : { ok: false, why: 'the dashboard no longer runs in the mode it was started in' };
  }
  if (actor.mode === 'proxy') {
    return { ok: true, user: { kubeConfig: kubeConfigImpersonating(cache.kubeConfig, actor.user, actor.groups), identity: { user: actor.user, groups: actor.groups, source: 'proxy', mode: 'proxy' }, mayMutate: true } };
  }
  const { records, sessionKey } = getDashboardState();
  const session = sessionKey ? await loadSessionByName(records, sessionKey, actor.session, now) : undefined;
  if (!session || session.user.username !== actor.user) return { ok: false, why: `${actor.user}'s sign-in has ended (signed out or expired)` };
  const kubeConfig = kubeConfigForToken(cache.kubeConfig, session.token, () => void getSessionStore().endToken(session.token));
  return { ok: true, user: { kubeConfig, identity: { user: session.user.username, groups: session.user.groups, source: 'token', mode: 'token', canSignOut: true }, mayMutate: true } };
}
