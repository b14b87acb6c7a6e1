/**
 * The primary CNI agent's pod on the node (aws-node, calico-node, cilium,
 * kube-flannel, ovnkube-node...): missing, not ready, crash-looping or
 * OOM-killed. It writes the node's CNI config and serves every sandbox, so
 * when it is down it is the cause of the config and sandbox findings, and
 * restarting that pod is the fix that addresses it (diagnose.ts links them).
 * Container states as the kubelet reports them: waiting reason
 * CrashLoopBackOff between restarts, lastState.terminated with reason
 * (OOMKilled, Error) and exit code
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states).
 */
import { agentContainer } from '@/lib/cni/agents';
import { getCondition } from '@/lib/model/node';
import { restartCount, type PodModel } from '@/lib/model/pod';
import { finding, plural, type NodeContext, type Rule } from './types';
import type { Evidence, Finding } from '../types';

export const AGENT_RULE_IDS = ['primary-cni-agent-unhealthy', 'primary-cni-agent-missing'] as const;
/** A just-created agent is not ready while it starts; the kubelet's first probes get this long. */
export const AGENT_START_GRACE_MS = 90_000;
/** A kill this recent still matters on a pod that is ready again (the same window as Multus's). */
export const AGENT_RECENT_MS = 60 * 60_000;

type Trouble = 'crash-looping' | 'oom-killed' | 'evicted' | 'not-ready' | 'recently-killed';

function trouble(pod: PodModel, main: PodModel['containers'][number] | undefined, now: number): Trouble | undefined {
  if (pod.reason === 'Evicted' || pod.phase === 'Failed') return 'evicted';
  const last = main?.lastTermination;
  const recent = last?.finishedAt !== undefined && now - Date.parse(last.finishedAt) <= AGENT_RECENT_MS;
  if (pod.containers.some((c) => c.state === 'waiting' && c.reason === 'CrashLoopBackOff')) return last?.reason === 'OOMKilled' ? 'oom-killed' : 'crash-looping';
  if (pod.phase !== 'Running' || !pod.ready) {
    const since = Date.parse(pod.readyTransitionAt ?? pod.createdAt);
    if (restartCount(pod) === 0 && now - since < AGENT_START_GRACE_MS) return undefined;
    return last?.reason === 'OOMKilled' && recent ? 'oom-killed' : 'not-ready';
  }
  if (recent && last?.reason === 'OOMKilled') return 'recently-killed';
  return undefined;
}

const TITLE: Record<Trouble, (agent: string) => string> = {
  'crash-looping': (a) => `The ${a} pod is crash-looping (CrashLoopBackOff)`,
  'oom-killed': (a) => `The ${a} pod was OOM-killed and is not running`,
  evicted: (a) => `The ${a} pod was evicted`,
  'not-ready': (a) => `The ${a} pod is not ready`,
  'recently-killed': (a) => `The ${a} pod was OOM-killed recently`,
};

function stateText(pod: PodModel, main: PodModel['containers'][number] | undefined): string {
  const waiting = pod.containers.find((c) => c.state === 'waiting' && c.reason)?.reason;
  const last = main?.lastTermination;
  return [
    `phase ${pod.phase}${waiting ? ` (${waiting})` : ''}, ${pod.ready ? 'ready' : 'not ready'}`,
    plural(restartCount(pod), 'restart'),
    last?.reason ? `last terminated: ${last.reason}${last.exitCode !== undefined ? ` (exit code ${last.exitCode})` : ''}` : undefined,
  ].filter(Boolean).join('; ');
}

function unhealthy(ctx: NodeContext, pod: PodModel): Finding[] {
  const agent = ctx.primaryAgent!.agent;
  const main = agentContainer(agent, pod.containers);
  const t = trouble(pod, main, ctx.now);
  if (!t) return [];
  const key = `${pod.namespace}/${pod.name}`;
  const last = main?.lastTermination;
  const evidence: Evidence[] = [{ pod: key, message: stateText(pod, main), ...(last?.finishedAt ? { at: last.finishedAt } : {}) }];
  // The kubelet's own words: probe failures (Unhealthy) and back-offs, newest first.
  for (const reason of ['Unhealthy', 'BackOff', 'Evicted', 'Failed']) {
    const e = ctx.primaryAgent!.events.find((x) => x.reason === reason);
    if (e) evidence.push({ pod: key, message: `${e.reason} (${plural(e.count, 'time')}): ${e.message.slice(0, 512)}`, at: e.lastSeen });
  }
  return [finding({
    ruleId: 'primary-cni-agent-unhealthy',
    severity: t === 'recently-killed' ? 'warning' : 'error',
    title: TITLE[t](agent.label),
    explanation: `${agent.label} is the primary CNI's agent on this node: it writes the node's CNI config and sets up every pod's network. `
      + (t === 'recently-killed'
        ? 'It runs again, but a kill under memory pressure can recur; check its memory limit.'
        : 'While it is down, new pods on this node get no network (on a new node it has never written its config). Its logs say why; restarting its pod makes the DaemonSet start a fresh one and resets the kubelet\'s crash back-off.'),
    evidence,
    remediations: t === 'recently-killed' ? [] : ['restart-primary-cni-pod'],
  })];
}

export const primaryAgentRule: Rule = (ctx) => {
  const pa = ctx.primaryAgent;
  if (!pa) return [];
  if (pa.pod) return unhealthy(ctx, pa.pod);
  if (!pa.daemonSet) return [];
  // Only where the node shows the agent's absence: no primary config, or the kubelet's network not ready.
  const noConfig = ctx.config !== undefined && !ctx.config.entries.some((e) => e.load.ok);
  const ready = getCondition(ctx.node, 'Ready');
  const notReady = ready?.status === 'False' && /NetworkPluginNotReady|network plugin|cni/i.test(`${ready.reason ?? ''} ${ready.message ?? ''}`);
  if (!noConfig && !notReady) return [];
  return [finding({
    ruleId: 'primary-cni-agent-missing',
    severity: 'error',
    title: `No ${pa.agent.label} pod runs on this node`,
    explanation: `The ${pa.agent.label} DaemonSet (${pa.daemonSet.namespace}/${pa.daemonSet.name}) has no pod here, so nothing writes this node's CNI config. Check why the DaemonSet does not place a pod on it: node selector, taints it does not tolerate, or a pod that cannot be scheduled (kubectl describe daemonset).`,
    evidence: [{ message: `no pod of DaemonSet ${pa.daemonSet.namespace}/${pa.daemonSet.name} on ${ctx.node.name}` }],
  })];
};
