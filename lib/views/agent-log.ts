import 'server-only';
import { agentContainer } from '@/lib/cni/agents';
import { LOG_LIMIT_BYTES, logLines, type AgentLogQuery, type AgentLogView } from '@/lib/api/agent-log';
import type { ClusterCache } from '@/lib/k8s/cache';
import { readPodLog } from '@/lib/k8s/pod-log';
import type { UserContext } from '@/lib/k8s/user';
import { fleetReader } from './fleet-reader';

/**
 * The tail of the node's primary CNI agent log, read as the signed-in user.
 * Which pod and container is decided here from the cache (the request names
 * only the node), so the route cannot be used to read any other pod's log.
 */
export async function agentLogView(cache: ClusterCache, user: UserContext, node: string, q: AgentLogQuery, now: number): Promise<AgentLogView | undefined> {
  const d = fleetReader(cache, now).diagnose(node);
  if (!d) return undefined;
  const pa = d.primaryAgent;
  if (!pa?.pod) return { state: 'no-agent', message: pa ? `No ${pa.agent.label} pod runs on this node.` : 'No primary CNI agent pod was found on this node.' };
  const pod = pa.pod;
  const container = agentContainer(pa.agent, pod.containers)?.name ?? pa.agent.containers[0]!;
  const target = { pod: `${pod.namespace}/${pod.name}`, container, previous: q.previous };
  const res = await readPodLog(user.kubeConfig, { namespace: pod.namespace, name: pod.name, container, previous: q.previous, tailLines: q.tailLines, limitBytes: LOG_LIMIT_BYTES });
  if (res.ok) return { ...target, state: 'ok', ...logLines(res.text, q.tailLines), tailLines: q.tailLines, limitBytes: LOG_LIMIT_BYTES };
  const e = res.error;
  if (e.code === 403) return { ...target, state: 'forbidden', message: `You may not read logs: ${user.identity.user} is not allowed to get pods/log in namespace ${pod.namespace} (Kubernetes RBAC).` };
  // 400 from the kubelet (waiting to start, no previous run) and 404 (the pod was just replaced) are states, not failures.
  if (e.code === 400 || e.code === 404) return { ...target, state: 'unavailable', message: e.message };
  throw Object.assign(new Error(e.message), { kube: e });
}
