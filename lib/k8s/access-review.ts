import 'server-only';
import { AuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { AccessReview } from './access-loss';

export interface ReadTarget { group: string; resource: string; namespace?: string }

type Answer = 'allowed' | 'denied' | 'unknown';

async function review(kc: KubeConfig, verb: 'list' | 'watch', t: ReadTarget): Promise<Answer> {
  try {
    const r = await kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group: t.group, resource: t.resource, namespace: t.namespace } } },
    });
    return r.status?.allowed === true ? 'allowed' : 'denied';
  } catch {
    return 'unknown';
  }
}

/**
 * Asks the API server, with `kc`'s own credentials, whether RBAC lets them
 * list and watch `target` (SelfSubjectAccessReview): `denied` only on an
 * answer that says so; a review that was itself refused (403 while RBAC
 * warms up) or failed is `unknown`.
 */
export function readAccessReview(kc: KubeConfig, target: ReadTarget): () => Promise<AccessReview> {
  return async () => {
    const answers = await Promise.all([review(kc, 'list', target), review(kc, 'watch', target)]);
    if (answers.includes('denied')) return 'denied';
    return answers.every((a) => a === 'allowed') ? 'allowed' : 'unknown';
  };
}
