import { z } from 'zod';
import { getSessionStore, sessionCookie, SESSION_TTL_MS } from '@/lib/auth/sessions';
import { getClusterCache } from '@/lib/k8s/cache';
import { modeOf } from '@/lib/k8s/user';
import { whoAmI } from '@/lib/k8s/whoami';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

// Service account tokens are JWTs of a kilobyte or so; OIDC ones can be several.
const signInSchema = z.object({
  token: z.string().trim().min(1, 'paste a bearer token').max(16_384, 'that is longer than any bearer token').regex(/^[\x21-\x7e]+$/, 'a bearer token has no spaces or special characters'),
}).strict();

/** Token mode: sign in with a bearer token, checked against the API server with that token alone. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, signInSchema);
  if (!guarded.ok) return guarded.response;
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  if (modeOf(handle.cache) !== 'token') return errorResponse('not-found', 'sign-in with a token is not enabled on this dashboard (CNI_HEALTH_AUTH=token)');
  const who = await whoAmI(handle.cache.kubeConfig, guarded.body.token);
  if (!who.ok) {
    const body = { error: who.message, code: who.reason === 'invalid-token' ? 'unauthenticated' : 'unavailable', reason: who.reason };
    return Response.json(body, { status: who.reason === 'invalid-token' ? 401 : 503, headers: { 'cache-control': 'no-store' } });
  }
  const now = Date.now();
  let session;
  try {
    session = await getSessionStore().open(guarded.body.token, who.user, now);
  } catch (e) {
    return errorResponse('unavailable', `the session could not be stored in the cluster (${(e as Error).message}); try again`);
  }
  if (!session) return errorResponse('unavailable', 'the dashboard holds as many signed-in sessions as it may; try again when some have ended');
  const res = jsonResponse({ user: who.user.username, groups: who.user.groups, expiresAt: new Date(session.expiresAt).toISOString() });
  res.headers.append('set-cookie', sessionCookie(session.id, SESSION_TTL_MS));
  return res;
}
