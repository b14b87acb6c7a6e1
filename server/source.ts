/**
 * Where the cluster configuration will come from, in the order
 * lib/k8s/config.ts resolveClusterConfig reads it ($KUBECONFIG, then
 * ~/.kube/config, then the in-cluster service account). The custom server
 * needs only the kind, to pick the sign-in mode before Next starts.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function clusterSource(env: NodeJS.ProcessEnv, exists: (p: string) => boolean = existsSync): 'in-cluster' | 'kubeconfig' | 'none' {
  if (env.KUBECONFIG) return 'kubeconfig';
  if (exists(join(env.HOME ?? homedir(), '.kube', 'config'))) return 'kubeconfig';
  if (env.KUBERNETES_SERVICE_HOST && exists('/var/run/secrets/kubernetes.io/serviceaccount/token')) return 'in-cluster';
  return 'none';
}
