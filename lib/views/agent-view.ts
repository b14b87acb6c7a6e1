import type { PrimaryAgentView } from '@/lib/api/node-detail';
import { agentContainer } from '@/lib/cni/agents';
import type { PrimaryAgentContext } from '@/lib/health/primary-agent';
import { restartCount } from '@/lib/model/pod';

/** The node page's panel on the primary CNI agent: its pod's state, last termination, probe failures and the kubelet's warnings. */
export function primaryAgentView(pa: PrimaryAgentContext | undefined): PrimaryAgentView | undefined {
  if (!pa) return undefined;
  const pod = pa.pod;
  const main = pod ? agentContainer(pa.agent, pod.containers) : undefined;
  const unhealthy = pa.events.find((e) => e.reason === 'Unhealthy');
  return {
    agent: pa.agent.label,
    family: pa.agent.family,
    ...(pa.daemonSet ? { daemonSet: `${pa.daemonSet.namespace}/${pa.daemonSet.name}` } : {}),
    ...(pod ? {
      pod: {
        namespace: pod.namespace,
        name: pod.name,
        phase: pod.phase,
        ready: pod.ready,
        restarts: restartCount(pod),
        createdAt: pod.createdAt,
        container: main?.name ?? pa.agent.containers[0]!,
        ...(main?.image ? { image: main.image } : {}),
        ...(pod.containers.find((c) => c.state === 'waiting' && c.reason)?.reason ? { waiting: pod.containers.find((c) => c.state === 'waiting' && c.reason)!.reason } : {}),
        ...(main?.lastTermination ? { lastTermination: main.lastTermination } : {}),
      },
    } : {}),
    ...(unhealthy ? { probeFailures: { message: unhealthy.message, count: unhealthy.count, lastSeen: unhealthy.lastSeen } } : {}),
    events: pa.events.map((e) => ({ type: e.type, reason: e.reason, message: e.message, count: e.count, lastSeen: e.lastSeen })),
  };
}
