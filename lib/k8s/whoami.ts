import 'server-only';
import { AuthenticationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { SessionUser } from '@/lib/auth/sessions';
import { toKubeError } from './errors';
import { kubeConfigForToken } from './user-client';

export type WhoAmI =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid-token' | 'unreachable' | 'unsupported'; message: string };

/**
 * Who a bearer token belongs to, asked of the API server with that token
 * alone (SelfSubjectReview, GA since Kubernetes 1.28): the answer is both
 * the check that the token is valid and the name to show.
 * https://kubernetes.io/docs/reference/access-authn-authz/authentication/#self-subject-review
 */
export async function whoAmI(base: KubeConfig, token: string): Promise<WhoAmI> {
  try {
    const review = await kubeConfigForToken(base, token).makeApiClient(AuthenticationV1Api).createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    const info = review.status?.userInfo;
    if (!info?.username) return { ok: false, reason: 'invalid-token', message: 'the API server did not say who this token belongs to' };
    return { ok: true, user: { username: info.username, uid: info.uid, groups: info.groups ?? [] } };
  } catch (err) {
    const e = toKubeError(err);
    if (e.code === 401) return { ok: false, reason: 'invalid-token', message: 'The API server did not accept this token (wrong, expired or revoked).' };
    if (e.code === 404) return { ok: false, reason: 'unsupported', message: 'The API server has no SelfSubjectReview API (Kubernetes 1.28 or later is needed for token sign-in).' };
    if (e.code === undefined) return { ok: false, reason: 'unreachable', message: `The API server could not be reached: ${e.message}` };
    return { ok: false, reason: 'invalid-token', message: `The API server refused the sign-in check: ${e.message}` };
  }
}
