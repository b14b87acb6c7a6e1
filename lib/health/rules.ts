/**
 * The first rule set: the incident of DESIGN.md and the failures that make
 * a node's pod networking plainly not work. Each rule is a pure function of
 * one node's context.
 */
import { configFiles, effectiveConfig } from '@/lib/cni/files';
import { isMultusConfig, nestedMultusPaths } from '@/lib/cni/multus';
import type { NodeModel } from '@/lib/model/node';
import { getCondition } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import { restartCount } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import type { StuckPod } from './stuck';
import type { Finding } from './types';

export interface NodeContext {
  node: NodeModel;
  snapshot?: SnapshotModel;
  stuck: StuckPod[];
  multusPod?: PodModel;
  now: number;
}

export type Rule = (ctx: NodeContext) => Finding[];

/** The agent refreshes collectedAt at least every 5 minutes; three missed beats is stale. */
export const SNAPSHOT_STALE_MS = 15 * 60_000;

const NOT_READY_PATTERNS = [/NetworkPluginNotReady/, /cni plugin not initialized/i, /cni config uninitialized/i, /no networks found/i];

export const snapshotRule: Rule = ({ snapshot, now }) => {
  if (!snapshot) return [];
  if (!snapshot.snapshot) {
    return [{
      ruleId: 'snapshot-invalid',
      severity: 'warning',
      title: 'The CNI snapshot of this node cannot be read',
      explanation: 'The snapshot ConfigMap exists but does not hold a valid snapshot document, so the node\'s CNI files cannot be checked.',
      evidence: [{ message: snapshot.error }],
      remediations: [],
    }];
  }
  const age = now - Date.parse(snapshot.snapshot.collectedAt);
  if (age <= SNAPSHOT_STALE_MS) return [];
  return [{
    ruleId: 'snapshot-stale',
    severity: 'info',
    title: `CNI snapshot is ${Math.round(age / 60_000)} minutes old`,
    explanation: 'The snapshot agent on this node has not reported recently; what is shown may no longer be what is on disk.',
    evidence: [{ message: `collected at ${snapshot.snapshot.collectedAt}` }],
    remediations: [],
  }];
};

export const configRule: Rule = ({ snapshot }) => {
  const snap = snapshot?.snapshot;
  if (!snap) return [];
  if (configFiles(snap.files).length === 0) {
    return [{
      ruleId: 'cni-config-missing',
      severity: 'error',
      title: `No CNI config in ${snap.confDir}`,
      explanation: 'The container runtime finds no network configuration, so no pod on this node can get a network. The primary CNI has not written its config (yet).',
      evidence: [{ file: snap.confDir, message: `files: ${snap.files.map((f) => f.name).join(', ') || 'none'}` }],
      remediations: ['restart-multus-pod'],
    }];
  }
  const effective = effectiveConfig(snap.files);
  if (!effective?.ok || !isMultusConfig(effective.json)) return [];
  return nestedMultusPaths(effective.json).map((path) => ({
    ruleId: 'multus-nested-delegates',
    severity: 'error' as const,
    title: `${effective.file} wraps a Multus config inside itself`,
    explanation:
      'Multus generated its config at boot before the primary CNI config existed and wrapped its own earlier config. Every new pod sandbox on this node fails (validateIfName ... already exists).',
    evidence: [{ file: effective.file, jsonPath: path }],
    remediations: ['repair-node-cni-config', 'restart-multus-pod'],
  }));
};

export const nodeReadyRule: Rule = ({ node }) => {
  const ready = getCondition(node, 'Ready');
  if (!ready || ready.status === 'True') return [];
  const text = `${ready.reason ?? ''} ${ready.message ?? ''}`;
  if (!NOT_READY_PATTERNS.some((p) => p.test(text))) return [];
  return [{
    ruleId: 'network-plugin-not-ready',
    severity: 'error',
    title: 'Kubelet reports the network plugin is not ready',
    explanation: 'The node is NotReady because the container runtime has no working CNI config; nothing can be scheduled here until the primary CNI writes its config.',
    evidence: [{ message: ready.message ?? ready.reason }],
    remediations: ['restart-multus-pod'],
  }];
};

export const stuckPodsRule: Rule = ({ stuck }) => {
  if (stuck.length === 0) return [];
  const sample = stuck.slice(0, 3);
  return [{
    ruleId: 'pod-sandbox-failing',
    severity: 'error',
    title: `${stuck.length} pod${stuck.length === 1 ? '' : 's'} cannot get a network sandbox`,
    explanation: 'Pods on this node stay in ContainerCreating because the CNI fails when the sandbox is created.',
    evidence: sample.map((s) => ({ pod: `${s.pod.namespace}/${s.pod.name}`, message: s.lastMessage })),
    remediations: ['delete-stuck-pods'],
  }];
};

export const multusPodRule: Rule = ({ multusPod }) => {
  if (!multusPod) return [];
  const lastReasons = multusPod.containers.map((c) => c.lastTermination?.reason).filter((r): r is string => !!r);
  const notReady = multusPod.phase !== 'Running' || !multusPod.ready;
  const killed = lastReasons.find((r) => r === 'OOMKilled' || r === 'Evicted' || r === 'Error');
  if (!notReady && !killed && multusPod.reason !== 'Evicted') return [];
  const parts = [
    notReady ? `phase ${multusPod.phase}${multusPod.ready ? '' : ', not ready'}` : undefined,
    killed ? `last terminated: ${killed}` : undefined,
    `${restartCount(multusPod)} restarts`,
  ].filter(Boolean);
  return [{
    ruleId: 'multus-pod-unhealthy',
    severity: 'warning',
    title: killed === 'OOMKilled' ? 'Multus pod was OOMKilled' : 'Multus pod is not healthy',
    explanation: 'A Multus pod that dies (under memory pressure, without Guaranteed QoS) can leave a stale config behind and regenerate it wrongly when it restarts.',
    evidence: [{ pod: `${multusPod.namespace}/${multusPod.name}`, message: parts.join('; ') }],
    remediations: ['multus-guaranteed-qos'],
  }];
};

export const RULES: readonly Rule[] = [configRule, nodeReadyRule, stuckPodsRule, multusPodRule, snapshotRule];
