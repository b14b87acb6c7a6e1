/**
 * Typed builders for domain-model test data, with fixed timestamps. Each
 * returns a valid, healthy default that a test overrides where it matters.
 */
import { createHash } from 'node:crypto';
import { SNAPSHOT_API_VERSION, type Snapshot, type SnapshotFile, type SnapshotRevision } from '@/lib/cni/snapshot';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';

export const T0 = Date.parse('2026-11-26T12:00:00Z');
export const at = (minutesFromT0: number): string => new Date(T0 + minutesFromT0 * 60_000).toISOString();

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

export function aNode(name: string, over: Partial<NodeModel> = {}): NodeModel {
  return {
    name,
    uid: `uid-${name}`,
    resourceVersion: '1',
    createdAt: at(-3 * 24 * 60),
    zone: 'eu-west-1a',
    pool: 'general',
    roles: [],
    unschedulable: false,
    kubeletVersion: 'v1.31.2',
    conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
    ...over,
  };
}

export function aPod(name: string, node: string, over: Partial<PodModel> = {}): PodModel {
  return {
    namespace: 'shop',
    name,
    uid: `uid-${name}`,
    resourceVersion: '1',
    createdAt: at(-60),
    nodeName: node,
    phase: 'Running',
    qosClass: 'Burstable',
    owner: { kind: 'ReplicaSet', name: name.replace(/-[^-]+$/, ''), uid: 'rs', controller: true },
    ready: true,
    sandboxReady: true,
    containers: [{ name: 'app', image: 'registry.example/app:1', ready: true, restartCount: 0, state: 'running' }],
    args: [],
    ...over,
  };
}

/** A pod stuck in ContainerCreating since `sinceMinutes` (relative to T0). */
export function aStuckPod(name: string, node: string, sinceMinutes: number): PodModel {
  return aPod(name, node, {
    createdAt: at(sinceMinutes),
    phase: 'Pending',
    ready: false,
    sandboxReady: false,
    containers: [{ name: 'app', image: 'registry.example/app:1', ready: false, restartCount: 0, state: 'waiting', reason: 'ContainerCreating' }],
  });
}

export function aMultusPod(node: string, over: Partial<PodModel> = {}): PodModel {
  return aPod(`kube-multus-ds-${node.slice(0, 5)}`, node, {
    namespace: 'kube-system',
    qosClass: 'BestEffort',
    owner: { kind: 'DaemonSet', name: 'kube-multus-ds', uid: 'ds', controller: true },
    containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', ready: true, restartCount: 0, state: 'running' }],
    ...over,
  });
}

export function aSandboxFailure(pod: PodModel, over: Partial<EventModel> = {}): EventModel {
  return {
    namespace: pod.namespace,
    name: `${pod.name}.18a`,
    uid: `ev-${pod.name}`,
    resourceVersion: '1',
    type: 'Warning',
    reason: 'FailedCreatePodSandBox',
    message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "abc": plugin type="multus" name="multus-cni-network" failed (add): validateIfName: interface name pod21e2223678f already exists',
    involved: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid },
    count: 12,
    firstSeen: pod.createdAt,
    lastSeen: at(-1),
    host: pod.nodeName,
    ...over,
  };
}

export function aFile(name: string, content: unknown): SnapshotFile {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return { name, size: Buffer.byteLength(text), sha256: sha(text), content: text, truncated: false };
}

export const AWS_CONFLIST = {
  cniVersion: '0.4.0',
  name: 'aws-cni',
  disableCheck: true,
  plugins: [
    { name: 'aws-cni', type: 'aws-cni', vethPrefix: 'eni', mtu: '9001' },
    { name: 'egress-cni', type: 'egress-cni', enabled: 'false' },
    { type: 'portmap', capabilities: { portMappings: true }, snat: true },
  ],
};

export function multusConf(delegate: unknown): Record<string, unknown> {
  return {
    cniVersion: '0.3.1',
    name: 'multus-cni-network',
    type: 'multus',
    capabilities: { portMappings: true },
    kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig',
    delegates: [delegate],
  };
}

export function aSnapshot(node: string, files: SnapshotFile[], over: Partial<Snapshot> = {}): SnapshotModel {
  const digest = sha(files.map((f) => `${f.name}:${f.sha256}`).join('\n'));
  return {
    namespace: 'cni-health',
    configMapName: `cni-snapshot-${node}`,
    resourceVersion: '1',
    node,
    annotatedNode: node,
    snapshot: {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: 'CNISnapshot',
      node,
      collectedAt: at(-2),
      agent: { name: 'test', version: '0' },
      confDir: '/etc/cni/net.d',
      files,
      binDir: '/opt/cni/bin',
      binaries: ['aws-cni', 'egress-cni', 'multus', 'portmap', 'loopback'],
      probes: [],
      revision: 1,
      digest,
      history: [],
      truncated: false,
      ...over,
    },
  };
}

export function healthySnapshot(node: string): SnapshotModel {
  return aSnapshot(node, [aFile('00-multus.conf', multusConf(AWS_CONFLIST)), aFile('10-aws.conflist', AWS_CONFLIST)]);
}

export function nestedSnapshot(node: string): SnapshotModel {
  return aSnapshot(node, [aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST))), aFile('10-aws.conflist', AWS_CONFLIST)]);
}

/** An earlier snapshot revision, as it appears in `history`. */
export function aRevision(revision: number, observedAt: string, files: SnapshotFile[]): SnapshotRevision {
  const digest = sha(files.map((f) => `${f.name}:${f.sha256}`).join('\n'));
  return { revision, observedAt, digest, files: files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size, content: f.content })) };
}

/**
 * A node whose Multus wrapped itself at `brokeMinutes` (relative to T0):
 * revision 3 is the nested config, written then; history keeps the healthy
 * revision 2 and the primary-only revision 1 from its boot.
 */
export function brokenAtSnapshot(node: string, brokeMinutes: number): SnapshotModel {
  const aws = { ...aFile('10-aws.conflist', AWS_CONFLIST), modifiedAt: at(-3 * 24 * 60) };
  const healthy = aFile('00-multus.conf', multusConf(AWS_CONFLIST));
  const nested = { ...aFile('00-multus.conf', multusConf(multusConf(AWS_CONFLIST))), modifiedAt: at(brokeMinutes) };
  return aSnapshot(node, [nested, aws], {
    revision: 3,
    history: [aRevision(2, at(-3 * 24 * 60 + 1), [healthy, aws]), aRevision(1, at(-3 * 24 * 60), [aws])],
  });
}

/** A DaemonSet's rollout fields when generation 1 is rolled out on `nodes` nodes (RollingUpdate, maxUnavailable 1). */
export function rolledOut(nodes: number, over: Partial<DaemonSetModel> = {}): Pick<DaemonSetModel, 'generation' | 'observedGeneration' | 'desired' | 'current' | 'ready' | 'available' | 'unavailable' | 'updated' | 'updateStrategy' | 'minReadySeconds'> {
  return {
    generation: 1, observedGeneration: 1, desired: nodes, current: nodes, ready: nodes, available: nodes, unavailable: 0, updated: nodes,
    updateStrategy: { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0 }, minReadySeconds: 0,
    ...over,
  };
}
