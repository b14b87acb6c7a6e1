/**
 * Which API server the agent talks to: $KUBECONFIG when set (running it by
 * hand, or in tests against the demo cluster), else the pod's service
 * account. Never client-node's fallback to localhost:8080, which would
 * publish to whatever happens to listen there.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeConfig(env: Readonly<Record<string, string | undefined>>): { ok: true; kc: KubeConfig; source: string } | { ok: false; error: string } {
  const kc = new KubeConfig();
  try {
    if (env.KUBECONFIG) {
      const missing = env.KUBECONFIG.split(':').filter((f) => f && !existsSync(f));
      if (missing.length > 0) return { ok: false, error: `KUBECONFIG names a file that does not exist: ${missing.join(', ')}` };
      kc.loadFromDefault();
      if (!kc.getCurrentCluster()) return { ok: false, error: 'the kubeconfig has no current context with a cluster' };
      return { ok: true, kc, source: `KUBECONFIG (${kc.getCurrentContext()})` };
    }
    if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      kc.loadFromCluster();
      return { ok: true, kc, source: 'in-cluster service account' };
    }
  } catch (e) {
    return { ok: false, error: `could not load the cluster configuration: ${(e as Error).message}` };
  }
  return { ok: false, error: 'no cluster configured: run in a pod with a service account, or set KUBECONFIG' };
}
