/**
 * Rules on what the cluster reports about the node: kubelet's Ready
 * condition, pods whose sandbox cannot be created, the Multus pod, and the
 * snapshot's own freshness.
 */
import { isRuntimeBootNoise } from '@/lib/cni/runtime-messages';
import { getCondition } from '@/lib/model/node';
import { restartCount, type PodModel } from '@/lib/model/pod';
import { isNetworkFailureMessage, matchSignature, type SandboxSignature } from '../signatures';
import { finding, plural, type Rule } from './types';
import type { Evidence, Finding } from '../types';

/** The agent refreshes collectedAt at least every 5 minutes; three missed beats is stale. */
export const SNAPSHOT_STALE_MS = 15 * 60_000;
/**
 * A Multus pod that crashed, was OOMKilled or evicted within this window
 * keeps the node degraded: that is when its stale config can still bite
 * (the next restart regenerates 00-multus.conf). Running and ready with the
 * last termination older than this, it is history, not a finding.
 */
export const MULTUS_RECENT_MS = 60 * 60_000;

const NOT_READY_PATTERNS = [/NetworkPluginNotReady/, /cni plugin not initiali[sz]ed/i, /cni config uninitiali[sz]ed/i, /no networks found/i, /network plugin is not ready/i];

export const snapshotRule: Rule = ({ snapshot, now }) => {
  if (!snapshot) return [];
  if (!snapshot.snapshot) {
    return [finding({
      ruleId: 'snapshot-invalid',
      severity: 'warning',
      title: 'The CNI snapshot of this node cannot be read',
      explanation: 'The snapshot ConfigMap exists but does not hold a valid snapshot document, so the node\'s CNI files cannot be checked.',
      evidence: [{ message: snapshot.error }],
    })];
  }
  const out: Finding[] = [];
  const age = now - Date.parse(snapshot.snapshot.collectedAt);
  if (age > SNAPSHOT_STALE_MS) {
    out.push(finding({
      ruleId: 'snapshot-stale',
      severity: 'info',
      title: `CNI snapshot is ${Math.round(age / 60_000)} minutes old`,
      explanation: 'The snapshot agent on this node has not reported recently; what is shown may no longer be what is on disk.',
      evidence: [{ message: 'snapshot collected', at: snapshot.snapshot.collectedAt }],
    }));
  }
  if (snapshot.snapshot.truncated) {
    out.push(finding({
      ruleId: 'snapshot-truncated',
      severity: 'info',
      title: 'The snapshot left out some content to fit a ConfigMap',
      explanation: 'The agent dropped history or file content to stay under 1 MiB; findings about missing content may be incomplete.',
      evidence: [{ message: `${snapshot.snapshot.files.length} files` }],
    }));
  }
  return out;
};

export const nodeReadyRule: Rule = ({ node }) => {
  const ready = getCondition(node, 'Ready');
  if (!ready || ready.status === 'True') return [];
  const text = `${ready.reason ?? ''} ${ready.message ?? ''}`;
  if (!NOT_READY_PATTERNS.some((p) => p.test(text))) return [];
  return [finding({
    ruleId: 'network-plugin-not-ready',
    severity: 'error',
    title: 'Kubelet reports the network plugin is not ready',
    explanation: 'The node is NotReady because the container runtime has no working CNI config; nothing can be scheduled here until the primary CNI writes its config.',
    evidence: [{ message: ready.message ?? ready.reason }],
    remediations: ['restart-primary-cni-pod'],
  })];
};

interface Classified { evidence: Evidence; signature?: SandboxSignature }

function sandboxFinding(items: Classified[], pods: number): Finding {
  const counts = new Map<string, { sig: SandboxSignature; n: number }>();
  for (const it of items) {
    if (!it.signature) continue;
    const c = counts.get(it.signature.id) ?? { sig: it.signature, n: 0 };
    c.n++;
    counts.set(it.signature.id, c);
  }
  const top = [...counts.values()].sort((a, b) => b.n - a.n)[0]?.sig;
  const subject = pods > 0 ? `${plural(pods, 'pod')} cannot get a network sandbox` : `Pod sandboxes fail on this node (${plural(items.length, 'message')})`;
  return finding({
    ruleId: 'pod-sandbox-failing',
    severity: 'error',
    title: top ? `${subject}: ${top.id}` : subject,
    explanation: `Pods on this node stay in ContainerCreating because the CNI fails when the sandbox is created.${top ? ` Likely cause: ${top.cause}` : ''}`,
    evidence: items.slice(0, 5).map((i) => ({ ...i.evidence, signature: i.signature?.id })),
    remediations: [...new Set([...(top?.remediations ?? []), 'delete-stuck-pods'])],
  });
}

export const stuckPodsRule: Rule = ({ stuck }) => {
  if (stuck.length === 0) return [];
  const items = stuck.map((s) => ({
    evidence: { pod: `${s.pod.namespace}/${s.pod.name}`, message: s.lastMessage },
    signature: s.lastMessage ? matchSignature(s.lastMessage) : undefined,
  }));
  return [sandboxFinding(items, stuck.length)];
};

/** Offline bundles carry bare event messages (events.txt) and no pods. */
export const messagesRule: Rule = ({ messages, stuck }) => {
  if (!messages || messages.length === 0 || stuck.length > 0) return [];
  // containerd logs "failed to load cni during init" at every start before the CNI writes its config: boot noise, not a failure.
  const relevant = messages.filter((m) => isNetworkFailureMessage(m) && !isRuntimeBootNoise(m)).map((m) => ({ evidence: { message: m.slice(0, 2048) }, signature: matchSignature(m) }));
  if (relevant.length === 0) return [];
  const notReady = relevant.filter((r) => r.signature?.id === 'cni-not-initialized' && /NetworkPluginNotReady|network plugin is not ready|cni plugin not initiali/i.test(r.evidence.message));
  const sandbox = relevant.filter((r) => !notReady.includes(r));
  const out: Finding[] = [];
  if (notReady.length > 0) {
    out.push(finding({
      ruleId: 'network-plugin-not-ready',
      severity: 'error',
      title: 'Kubelet reports the network plugin is not ready',
      explanation: 'The container runtime has no working CNI config, so the node is NotReady for pods.',
      evidence: notReady.slice(0, 3).map((r) => ({ ...r.evidence, signature: r.signature?.id })),
      remediations: ['restart-primary-cni-pod'],
    }));
  }
  if (sandbox.length > 0) out.push(sandboxFinding(sandbox, 0));
  return out;
};

function recentTermination(pod: PodModel, now: number): { reason: string; at?: string } | undefined {
  for (const c of pod.containers) {
    const t = c.lastTermination;
    if (!t?.reason || !['OOMKilled', 'Evicted', 'Error', 'ContainerStatusUnknown'].includes(t.reason)) continue;
    // Without a time we cannot tell old from new: only a pod that is not ready counts then.
    if (t.finishedAt === undefined ? !pod.ready : now - Date.parse(t.finishedAt) <= MULTUS_RECENT_MS) return { reason: t.reason, at: t.finishedAt };
  }
  return undefined;
}

export const multusPodRule: Rule = ({ multusPod, now }) => {
  if (!multusPod) return [];
  const notReady = multusPod.phase !== 'Running' || !multusPod.ready;
  const evicted = multusPod.reason === 'Evicted';
  const killed = recentTermination(multusPod, now);
  if (!notReady && !killed && !evicted) return [];
  const parts = [
    notReady ? `phase ${multusPod.phase}${multusPod.ready ? '' : ', not ready'}` : undefined,
    evicted ? 'evicted' : undefined,
    `${restartCount(multusPod)} restarts`,
    // Last, so the evidence's time (`at`) reads after it: "... last terminated: OOMKilled at 05:34:26 UTC".
    killed ? `last terminated: ${killed.reason}` : undefined,
  ].filter(Boolean);
  return [finding({
    ruleId: 'multus-pod-unhealthy',
    severity: 'warning',
    title: killed?.reason === 'OOMKilled' ? 'Multus pod was OOMKilled' : evicted ? 'Multus pod was evicted' : 'Multus pod is not healthy',
    explanation: 'A Multus pod that dies (under memory pressure, without Guaranteed QoS) can leave a stale config behind and regenerate it wrongly when it restarts.',
    evidence: [{ pod: `${multusPod.namespace}/${multusPod.name}`, message: parts.join('; '), ...(killed?.at ? { at: killed.at } : {}) }],
    remediations: ['multus-guaranteed-qos', 'multus-cleanup-on-exit'],
  })];
};
