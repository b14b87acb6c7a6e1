import { PROBE_DATA_KEY, PROBE_NODE_ANNOTATION } from '@/lib/probes/names';
import { parseReport } from '@/lib/probes/report';
import type { ProbeModel } from '@/lib/model/probe';
import 'server-only';
import type { V1ConfigMap, V1Container, V1OwnerReference, CoreV1Event, V1DaemonSet, V1DaemonSetUpdateStrategy, V1Node, V1Pod, V1ContainerStatus } from '@kubernetes/client-node';
import { parseSnapshot, SNAPSHOT_DATA_KEY, SNAPSHOT_NODE_ANNOTATION } from '@/lib/cni/snapshot';
import type { ContainerSpecSummary, DaemonSetModel, UpdateStrategySummary } from '@/lib/model/daemonset';
import { AUDIT_REASON, EVENT_MESSAGE_CAP, SANDBOX_FAILURE_REASONS, type EventModel } from '@/lib/model/event';
import type { ConditionStatus, NodeModel } from '@/lib/model/node';
import type { ContainerStateSummary, PodModel, PodPhase, QosClass } from '@/lib/model/pod';
import { NETWORKS_ANNOTATION, readPodNetworks } from '@/lib/model/pod-networks';
import type { OwnerRefModel, SnapshotModel } from '@/lib/model/snapshot';
import { intern } from './intern';

/*
 * Slim projections: the cache keeps these, never whole API objects (no
 * managedFields, no full specs). Lists come through client-node's typed API
 * (timestamps as Date), watch events as plain JSON (timestamps as strings);
 * both go through the same functions.
 */

const EPOCH = '1970-01-01T00:00:00Z';

function iso(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string' && v) return v;
  return undefined;
}

const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const POOL_LABELS = [
  'eks.amazonaws.com/nodegroup',
  'karpenter.sh/nodepool',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'node.kubernetes.io/pool',
];
const ROLE_PREFIX = 'node-role.kubernetes.io/';

function firstLabel(labels: Record<string, string>, keys: string[]): string | undefined {
  for (const k of keys) if (labels[k]) return labels[k];
  return undefined;
}

/** A CIDR as the API server validates it (at most 43 characters for IPv6); anything else is dropped. */
const CIDR = /^[0-9a-fA-F:.]{2,39}\/\d{1,3}$/;
const IP = /^[0-9a-fA-F:.]{2,39}$/;

/** spec.podCIDRs holds at most one range per IP family; podCIDR is its first entry on older objects. */
function podCIDRsOf(n: V1Node): { podCIDRs?: string[] } {
  const list = (n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : []).slice(0, 2).filter((c) => typeof c === 'string' && CIDR.test(c));
  return list.length > 0 ? { podCIDRs: list.map((c) => intern(c)!) } : {};
}

export function projectNode(raw: unknown): NodeModel | undefined {
  const n = raw as V1Node;
  if (!n?.metadata?.name) return undefined;
  const labels = n.metadata.labels ?? {};
  return {
    name: n.metadata.name,
    uid: n.metadata.uid ?? '',
    resourceVersion: n.metadata.resourceVersion ?? '',
    createdAt: iso(n.metadata.creationTimestamp) ?? EPOCH,
    zone: firstLabel(labels, ZONE_LABELS),
    pool: firstLabel(labels, POOL_LABELS),
    roles: Object.keys(labels).filter((k) => k.startsWith(ROLE_PREFIX)).map((k) => k.slice(ROLE_PREFIX.length)),
    unschedulable: n.spec?.unschedulable === true,
    ...podCIDRsOf(n),
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    conditions: (n.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: (c.status as ConditionStatus) ?? 'Unknown',
      reason: c.reason,
      message: c.message,
      lastTransitionTime: iso(c.lastTransitionTime),
      ...(c.lastHeartbeatTime ? { lastHeartbeatTime: iso(c.lastHeartbeatTime) } : {}),
    })),
  };
}

function containerState(s: V1ContainerStatus | undefined, spec: V1Container): ContainerStateSummary {
  const last = s?.lastState?.terminated;
  return {
    name: intern(spec.name),
    image: intern(s?.image ?? spec.image ?? ''),
    ready: s?.ready === true,
    restartCount: s?.restartCount ?? 0,
    state: s?.state?.running ? 'running' : s?.state?.waiting ? 'waiting' : s?.state?.terminated ? 'terminated' : 'unknown',
    reason: intern(s?.state?.waiting?.reason ?? s?.state?.terminated?.reason),
    lastTermination: last ? { reason: intern(last.reason), exitCode: last.exitCode, finishedAt: iso(last.finishedAt) } : undefined,
  };
}

/**
 * When the pod's current sandbox (and so its network) was set up: the
 * PodReadyToStartContainers condition turns True then
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-has-network);
 * without it (before 1.29, or the feature gate off), the first container
 * start, then the kubelet's acknowledgement (status.startTime).
 */
function sandboxSince(p: V1Pod): string | undefined {
  const c = p.status?.conditions?.find((x) => x.type === 'PodReadyToStartContainers' && x.status === 'True');
  const started = (p.status?.containerStatuses ?? []).map((s) => iso(s.state?.running?.startedAt)).filter((t): t is string => t !== undefined).sort()[0];
  return iso(c?.lastTransitionTime) ?? started ?? iso(p.status?.startTime);
}

export function projectPod(raw: unknown): PodModel | undefined {
  const p = raw as V1Pod;
  if (!p?.metadata?.name) return undefined;
  const owner = p.metadata.ownerReferences?.find((o) => o.controller) ?? p.metadata.ownerReferences?.[0];
  const statuses = new Map((p.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const condition = (type: string): boolean | undefined => {
    const c = p.status?.conditions?.find((x) => x.type === type);
    return c ? c.status === 'True' : undefined;
  };
  const readyCondition = p.status?.conditions?.find((x) => x.type === 'Ready');
  const isDaemon = owner?.kind === 'DaemonSet';
  const networks = p.metadata.annotations?.[NETWORKS_ANNOTATION] === undefined ? undefined
    : readPodNetworks(p.metadata.annotations, p.metadata.namespace ?? '', p.spec?.hostNetwork === true, sandboxSince(p));
  return {
    namespace: intern(p.metadata.namespace ?? ''),
    name: p.metadata.name,
    uid: p.metadata.uid ?? '',
    resourceVersion: p.metadata.resourceVersion ?? '',
    createdAt: iso(p.metadata.creationTimestamp) ?? EPOCH,
    nodeName: intern(p.spec?.nodeName),
    phase: (intern(p.status?.phase) as PodPhase) ?? 'Unknown',
    reason: intern(p.status?.reason),
    message: p.status?.message?.slice(0, EVENT_MESSAGE_CAP),
    qosClass: intern(p.status?.qosClass) as QosClass | undefined,
    owner: owner ? { kind: intern(owner.kind), name: intern(owner.name), uid: owner.uid, controller: owner.controller === true } : undefined,
    ready: condition('Ready') === true,
    readyTransitionAt: intern(iso(readyCondition?.lastTransitionTime)),
    sandboxReady: condition('PodReadyToStartContainers'),
    containers: (p.spec?.containers ?? []).map((c) => containerState(statuses.get(c.name), c)),
    args: isDaemon ? (p.spec?.containers ?? []).flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]) : [],
    ...(networks ? { networks } : {}),
    ...(typeof p.status?.podIP === 'string' && IP.test(p.status.podIP) ? { podIP: p.status.podIP } : {}),
    ...(p.spec?.hostNetwork === true ? { hostNetwork: true as const } : {}),
  };
}

/** Only our own annotations survive the projection: the audit view reads them. */
function ownAnnotations(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const own = Object.entries(annotations).filter(([k]) => k.startsWith('cni-health.io/'));
  return own.length > 0 ? Object.fromEntries(own) : undefined;
}

/**
 * The Events the dashboard reads: sandbox failures of pods (stuck pods, their
 * timelines), its own audit records, and warnings about pods and nodes. In a
 * big cluster most Events are routine (Scheduled, Pulled, Created, Started):
 * the cache never holds those, it only counts them (ignoredEvents).
 */
export function isRelevantEvent(e: Pick<CoreV1Event, 'reason' | 'type' | 'involvedObject'>): boolean {
  const reason = e.reason ?? '';
  const kind = e.involvedObject?.kind;
  if (SANDBOX_FAILURE_REASONS.has(reason) || reason === AUDIT_REASON) return true;
  return e.type === 'Warning' && (kind === 'Pod' || kind === 'Node');
}

const IGNORED = Symbol.for('cni-health.ignored-events');
type Counted = typeof globalThis & { [IGNORED]?: { count: number } };

/** Events seen on the wire (lists and watches) and not kept, since start. */
export function ignoredEvents(): number {
  return (globalThis as Counted)[IGNORED]?.count ?? 0;
}

export function projectEvent(raw: unknown): EventModel | undefined {
  const e = raw as CoreV1Event;
  if (!e?.metadata?.name) return undefined;
  if (!isRelevantEvent(e)) {
    ((globalThis as Counted)[IGNORED] ??= { count: 0 }).count++;
    return undefined;
  }
  const first = iso(e.firstTimestamp) ?? iso(e.eventTime) ?? iso(e.metadata.creationTimestamp) ?? EPOCH;
  const last = iso(e.series?.lastObservedTime) ?? iso(e.lastTimestamp) ?? iso(e.eventTime) ?? first;
  return {
    namespace: intern(e.metadata.namespace ?? ''),
    name: e.metadata.name,
    uid: e.metadata.uid ?? '',
    resourceVersion: e.metadata.resourceVersion ?? '',
    type: intern(e.type ?? 'Normal'),
    reason: intern(e.reason ?? ''),
    message: (e.message ?? '').slice(0, EVENT_MESSAGE_CAP),
    involved: {
      kind: intern(e.involvedObject?.kind ?? ''),
      namespace: intern(e.involvedObject?.namespace),
      name: e.involvedObject?.name ?? '',
      uid: e.involvedObject?.uid,
    },
    count: e.series?.count ?? e.count ?? 1,
    firstSeen: first,
    lastSeen: last,
    host: intern(e.source?.host ?? e.reportingInstance),
    reportingController: intern(e.reportingComponent),
    annotations: ownAnnotations(e.metadata.annotations),
  };
}

function containerSpec(c: V1Container): ContainerSpecSummary {
  return {
    name: c.name,
    image: c.image ?? '',
    command: c.command ?? [],
    args: c.args ?? [],
    requests: { cpu: c.resources?.requests?.cpu, memory: c.resources?.requests?.memory },
    limits: { cpu: c.resources?.limits?.cpu, memory: c.resources?.limits?.memory },
    volumeMounts: (c.volumeMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly === true })),
  };
}

export function projectDaemonSet(raw: unknown): DaemonSetModel | undefined {
  const d = raw as V1DaemonSet;
  if (!d?.metadata?.name) return undefined;
  return {
    namespace: d.metadata.namespace ?? '',
    name: d.metadata.name,
    uid: d.metadata.uid ?? '',
    resourceVersion: d.metadata.resourceVersion ?? '',
    labels: d.metadata.labels ?? {},
    containers: (d.spec?.template?.spec?.containers ?? []).map(containerSpec),
    initContainers: (d.spec?.template?.spec?.initContainers ?? []).map(containerSpec),
    generation: count(d.metadata.generation),
    observedGeneration: count(d.status?.observedGeneration),
    desired: count(d.status?.desiredNumberScheduled),
    current: count(d.status?.currentNumberScheduled),
    ready: count(d.status?.numberReady),
    available: count(d.status?.numberAvailable),
    unavailable: count(d.status?.numberUnavailable),
    updated: count(d.status?.updatedNumberScheduled),
    updateStrategy: updateStrategy(d.spec?.updateStrategy),
    minReadySeconds: count(d.spec?.minReadySeconds),
  };
}

/** Counters and generations are int32/int64 on the wire; anything else (hostile or broken) reads as 0. */
function count(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/** An IntOrString as the API validates it (an integer, or digits and "%"); anything else is the default. */
function intOrPercent(v: unknown, fallback: number): number | string {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : fallback;
  return typeof v === 'string' && /^\d{1,3}%$/.test(v) ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : fallback;
}

/** apps/v1 defaults: RollingUpdate, maxUnavailable 1, maxSurge 0 (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/). */
function updateStrategy(u: V1DaemonSetUpdateStrategy | undefined): UpdateStrategySummary {
  if (u?.type === 'OnDelete') return { type: 'OnDelete', maxUnavailable: 1, maxSurge: 0 };
  return { type: 'RollingUpdate', maxUnavailable: intOrPercent(u?.rollingUpdate?.maxUnavailable, 1), maxSurge: intOrPercent(u?.rollingUpdate?.maxSurge, 0) };
}

/** Longer than any node name (253): a value past it can only disagree, and is kept no longer. */
const IDENTITY_CAP = 254;
const cap = (s: unknown): string => (typeof s === 'string' ? s.slice(0, IDENTITY_CAP) : '');

/** Node owner references only (what the binding check reads), a bounded number of them. */
function nodeOwners(refs: readonly V1OwnerReference[] | undefined): OwnerRefModel[] {
  return (Array.isArray(refs) ? refs : []).filter((o) => o?.kind === 'Node').slice(0, 8)
    .map((o) => ({ apiVersion: cap(o.apiVersion), kind: 'Node', name: cap(o.name), uid: cap(o.uid) }));
}

/** The raw identity facts travel with the snapshot; lib/cni/snapshot-binding.ts decides which node it speaks for. */
export function projectSnapshot(raw: unknown): SnapshotModel | undefined {
  const cm = raw as V1ConfigMap;
  if (!cm?.metadata?.name) return undefined;
  const parsed = parseSnapshot(cm.data?.[SNAPSHOT_DATA_KEY]);
  const annotated = cm.metadata.annotations?.[SNAPSHOT_NODE_ANNOTATION];
  const node = parsed.ok ? parsed.snapshot.node : cap(annotated);
  const owners = nodeOwners(cm.metadata.ownerReferences);
  return {
    namespace: cm.metadata.namespace ?? '',
    configMapName: cm.metadata.name,
    resourceVersion: cm.metadata.resourceVersion ?? '',
    node,
    ...(typeof annotated === 'string' ? { annotatedNode: cap(annotated) } : {}),
    ...(owners.length > 0 ? { owners } : {}),
    ...(parsed.ok ? { snapshot: parsed.snapshot } : { error: parsed.error }),
  };
}

export function projectProbe(raw: unknown): ProbeModel | undefined {
  const cm = raw as V1ConfigMap;
  if (!cm?.metadata?.name) return undefined;
  const parsed = parseReport(cm.data?.[PROBE_DATA_KEY] ?? '');
  const annotated = cm.metadata.annotations?.[PROBE_NODE_ANNOTATION];
  const owners = nodeOwners(cm.metadata.ownerReferences);
  return {
    namespace: cm.metadata.namespace ?? '',
    configMapName: cm.metadata.name,
    resourceVersion: cm.metadata.resourceVersion ?? '',
    node: parsed.ok ? parsed.report.node : cap(annotated),
    ...(typeof annotated === 'string' ? { annotatedNode: cap(annotated) } : {}),
    ...(owners.length > 0 ? { owners } : {}),
    ...(parsed.ok ? { report: parsed.report } : { error: parsed.error }),
  };
}
