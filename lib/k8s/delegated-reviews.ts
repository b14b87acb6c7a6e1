import 'server-only';
import { AuthenticationV1Api, AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { DelegatedReviews, ReviewedUser } from '@/lib/auth/scrape';

/**
 * TokenReview and SubjectAccessReview with `kc`'s credentials (the
 * dashboard's service account, bound to system:auth-delegator by
 * deploy/components/prometheus). No audiences are asked for, so the API
 * server checks its own: a service account token Prometheus reads from its
 * pod has them.
 * https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-review-v1/
 * https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/subject-access-review-v1/
 */
export function delegatedReviews(kc: KubeConfig): DelegatedReviews {
  const authn = kc.makeApiClient(AuthenticationV1Api);
  const authz = kc.makeApiClient(AuthorizationV1Api);
  return {
    async tokenReview(token: string): Promise<ReviewedUser | undefined> {
      const r = await authn.createTokenReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } } });
      const u = r.status?.user;
      if (r.status?.authenticated !== true || !u?.username) return undefined;
      return { username: u.username, uid: u.uid, groups: u.groups ?? [], extra: u.extra };
    },
    async nonResourceAccess(user: ReviewedUser, verb: string, path: string): Promise<{ allowed: boolean; reason?: string }> {
      const r = await authz.createSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SubjectAccessReview',
          spec: { user: user.username, uid: user.uid, groups: user.groups, extra: user.extra, nonResourceAttributes: { verb, path } },
        },
      });
      return { allowed: r.status?.allowed === true && r.status.denied !== true, reason: r.status?.reason };
    },
  };
}
