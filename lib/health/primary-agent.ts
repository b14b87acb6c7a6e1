/**
 * The primary CNI agent's pod on a node, and what the kubelet said about it:
 * the context of rule primary-cni-agent (rules/primary-agent.ts) and of the
 * node page's agent panel. Pure.
 */
import { agentOfDaemonSet, agentOfPod, type AgentSignature } from '@/lib/cni/agents';
import { familyOf, PRIMARY_FAMILIES, type CniFamily } from '@/lib/cni/families';
import type { ConfigDir } from '@/lib/cni/files';
import { isMultusConfig } from '@/lib/cni/multus';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { PodModel } from '@/lib/model/pod';

/**
 * Kubelet reasons about a container that tell why an agent is down
 * (pkg/kubelet/events/event.go: BackOff, Unhealthy (probe failures), Failed,
 * ProbeWarning; the eviction manager's Evicted). Warnings only: Normal ones
 * (Pulled, Started) say nothing is wrong.
 */
export const AGENT_EVENT_REASONS: ReadonlySet<string> = new Set(['BackOff', 'Unhealthy', 'Failed', 'ProbeWarning', 'Evicted']);
/** Events kept per agent pod, newest first: enough to see the pattern, bounded whatever the cluster holds. */
export const AGENT_EVENTS_MAX = 10;

export function isAgentEvent(e: EventModel): boolean {
  return e.involved.kind === 'Pod' && e.type === 'Warning' && AGENT_EVENT_REASONS.has(e.reason);
}

export interface PrimaryAgentContext {
  agent: AgentSignature;
  pod?: PodModel;
  /** Warning events about this pod (same uid when the event names one), newest first, at most AGENT_EVENTS_MAX. */
  events: EventModel[];
  /** The agent's DaemonSet in the cluster, when seen: a pod missing from this node is then a real absence. */
  daemonSet?: { namespace: string; name: string };
}

/** The family the node's own primary config belongs to (the first loading non-Multus config). */
export function nodePrimaryFamily(config: ConfigDir | undefined): CniFamily | undefined {
  const primary = config?.entries.find((e) => e.load.ok && e.json && !isMultusConfig(e.json));
  const f = primary?.json ? familyOf(primary.json) : undefined;
  return f && PRIMARY_FAMILIES.has(f) ? f : undefined;
}

export function agentEventsOf(pod: PodModel, events: Iterable<EventModel>): EventModel[] {
  const out: EventModel[] = [];
  for (const e of events) {
    if (!isAgentEvent(e) || (e.involved.namespace ?? e.namespace) !== pod.namespace || e.involved.name !== pod.name) continue;
    // An event of an earlier pod of the same name is not this pod's.
    if (e.involved.uid && e.involved.uid !== pod.uid) continue;
    out.push(e);
  }
  return out.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, AGENT_EVENTS_MAX);
}

/**
 * The agent pod among the pods bound to one node. With several candidates
 * (a rollout's old and new pod, or two CNIs), the expected family's, then
 * the newest.
 */
export function findAgentPod(pods: readonly PodModel[], expected?: CniFamily): { pod: PodModel; agent: AgentSignature } | undefined {
  let best: { pod: PodModel; agent: AgentSignature } | undefined;
  for (const pod of pods) {
    const agent = agentOfPod(pod);
    if (!agent) continue;
    const better = !best
      || (agent.family === expected && best.agent.family !== expected)
      || ((agent.family === expected) === (best.agent.family === expected) && pod.createdAt > best.pod.createdAt);
    if (better) best = { pod, agent };
  }
  return best;
}

/**
 * Everything the rule needs. `expected` is the node's own primary family,
 * else the fleet's; without a pod, the expected family's DaemonSet (or the
 * only agent DaemonSet in the cluster) names the agent that should be there.
 */
export function primaryAgentContext(podsOnNode: readonly PodModel[], events: Iterable<EventModel>, daemonsets: readonly DaemonSetModel[], expected?: CniFamily): PrimaryAgentContext | undefined {
  const found = findAgentPod(podsOnNode, expected);
  const agentSets = daemonsets.flatMap((d) => {
    const agent = agentOfDaemonSet(d.name);
    return agent ? [{ agent, ds: d }] : [];
  });
  if (found) {
    const ds = found.pod.owner ? agentSets.find((s) => s.ds.name === found.pod.owner!.name && s.ds.namespace === found.pod.namespace) : undefined;
    return { agent: found.agent, pod: found.pod, events: agentEventsOf(found.pod, events), ...(ds ? { daemonSet: { namespace: ds.ds.namespace, name: ds.ds.name } } : {}) };
  }
  const set = agentSets.find((s) => s.agent.family === expected) ?? (agentSets.length === 1 ? agentSets[0] : undefined);
  return set ? { agent: set.agent, events: [], daemonSet: { namespace: set.ds.namespace, name: set.ds.name } } : undefined;
}

/** Pods by node, for the whole-cluster diagnosis (the incremental one reads its own index). */
export function podsByNode(pods: readonly PodModel[]): Map<string, PodModel[]> {
  const out = new Map<string, PodModel[]>();
  for (const p of pods) {
    if (!p.nodeName || p.owner?.kind !== 'DaemonSet') continue;
    const list = out.get(p.nodeName);
    if (list) list.push(p);
    else out.set(p.nodeName, [p]);
  }
  return out;
}
