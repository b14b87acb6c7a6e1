/**
 * Whether a restarted primary CNI agent is back: a pod of its DaemonSet on
 * the node other than the one deleted, Running and Ready, and the node's
 * snapshot showing a primary (non-Multus) config that loads. Pure: the
 * caller passes the cache's state and the node's fresh diagnosis.
 */
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import { isMultusConfig } from '@/lib/cni/multus';
import type { PodModel } from '@/lib/model/pod';
import type { Verification } from './plan';

export type AgentVerification = Extract<Verification, { kind: 'primary-agent-ready' }>;

export function agentVerificationState(pods: readonly PodModel[], d: NodeDiagnosis | undefined, v: AgentVerification): { done: boolean; seen: string } {
  if (!d) return { done: false, seen: 'node not found' };
  const fresh = pods
    .filter((p) => p.nodeName === v.node && p.namespace === v.namespace && p.owner?.kind === 'DaemonSet' && p.owner.name === v.daemonSet && p.uid !== v.replacedUid)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const config = d.config?.entries.find((e) => e.load.ok && e.json && !isMultusConfig(e.json));
  const podText = !fresh ? `no new ${v.daemonSet} pod yet`
    : `${fresh.name} ${fresh.phase}${fresh.containers.find((c) => c.reason)?.reason ? ` (${fresh.containers.find((c) => c.reason)!.reason})` : ''}, ${fresh.ready ? 'ready' : 'not ready'}`;
  const configText = config ? `${config.name} present` : 'no primary CNI config on the node yet';
  return { done: !!fresh && fresh.phase === 'Running' && fresh.ready && !!config, seen: `${podText}; ${configText}; node ${d.verdict}` };
}

export function describeAgentVerification(v: AgentVerification): string {
  return `a new ${v.daemonSet} pod on ${v.node} running and ready, and the node's primary CNI config present`;
}
