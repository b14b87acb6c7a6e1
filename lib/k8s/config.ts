import 'server-only';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterView } from '@/lib/model/cluster';

/** Where the in-cluster service account token lives (kubelet-projected). */
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export type ClusterConfig =
  | { ok: true; kubeConfig: KubeConfig; cluster: ClusterView; source: string }
  | { ok: false; reason: string };

export interface ConfigEnv {
  KUBECONFIG?: string;
  HOME?: string;
  KUBERNETES_SERVICE_HOST?: string;
  CNI_HEALTH_MODE?: string;
  [name: string]: string | undefined;
}

/**
 * Resolves which cluster to talk to, in kubectl's order: $KUBECONFIG, then
 * ~/.kube/config, then the in-cluster service account. Unlike
 * KubeConfig.loadFromDefault it never falls back to localhost:8080: no
 * configuration is an explicit, explained state, never somebody else's data.
 */
export function resolveClusterConfig(env: ConfigEnv = process.env): ClusterConfig {
  const kc = new KubeConfig();
  let source: string;
  try {
    if (env.KUBECONFIG) {
      const missing = env.KUBECONFIG.split(':').filter((f) => f && !existsSync(f));
      if (missing.length > 0) return { ok: false, reason: `KUBECONFIG names a file that does not exist: ${missing.join(', ')}` };
      kc.loadFromDefault();
      source = `KUBECONFIG=${env.KUBECONFIG}`;
    } else if (existsSync(join(env.HOME ?? homedir(), '.kube', 'config'))) {
      kc.loadFromFile(join(env.HOME ?? homedir(), '.kube', 'config'));
      source = '~/.kube/config';
    } else if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      kc.loadFromCluster();
      source = 'in-cluster service account';
    } else {
      return {
        ok: false,
        reason: 'No cluster is configured: set KUBECONFIG, create ~/.kube/config, or run inside a cluster. To try cni-health without one, run `npm run demo`.',
      };
    }
  } catch (e) {
    return { ok: false, reason: `Could not load the cluster configuration: ${(e as Error).message}` };
  }
  const current = kc.getCurrentCluster();
  if (!current) return { ok: false, reason: `The kubeconfig (${source}) has no current context with a cluster.` };
  const context = kc.getCurrentContext();
  return {
    ok: true,
    kubeConfig: kc,
    source,
    cluster: {
      name: source === 'in-cluster service account' ? 'in-cluster' : context || current.name,
      server: current.server,
      demo: env.CNI_HEALTH_MODE === 'demo',
    },
  };
}
