/**
 * DaemonSets, ConfigMaps and Namespaces. DaemonSet status is derived from its
 * pods, as the DaemonSet controller does, so it stays true after each step.
 */
import type { Condition, ConfigMapObject, DaemonSetObject, NamespaceObject, OwnerReference, PodObject, PodTemplate } from '../types';
import { fieldsOf, objectMeta } from './meta';

export interface DaemonSetInput {
  name: string;
  namespace: string;
  createdAt: number;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  selector: Record<string, string>;
  template: PodTemplate;
  generation?: number;
  maxUnavailable?: string | number;
}

export function buildDaemonSet(d: DaemonSetInput): DaemonSetObject {
  const generation = d.generation ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: objectMeta({
      name: d.name,
      namespace: d.namespace,
      createdAt: d.createdAt,
      generation,
      labels: d.labels,
      annotations: { 'deprecated.daemonset.template.generation': String(generation), ...d.annotations },
      managers: [
        { manager: 'eks', apiVersion: 'apps/v1', time: d.createdAt, fields: { 'f:metadata': { 'f:labels': fieldsOf(Object.keys(d.labels)) }, 'f:spec': { 'f:selector': {}, 'f:template': {}, 'f:updateStrategy': {} } } },
        { manager: 'kube-controller-manager', apiVersion: 'apps/v1', time: d.createdAt + 60_000, subresource: 'status', fields: { 'f:status': { 'f:currentNumberScheduled': {}, 'f:numberReady': {}, 'f:observedGeneration': {} } } },
      ],
    }),
    spec: {
      selector: { matchLabels: d.selector },
      template: d.template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: d.maxUnavailable ?? 1 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: 0, desiredNumberScheduled: 0, numberAvailable: 0, numberMisscheduled: 0,
      numberReady: 0, observedGeneration: generation, updatedNumberScheduled: 0,
    },
  };
}

const readyCondition = (p: PodObject): Condition | undefined => p.status.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');

/**
 * podutil.IsPodAvailable (pkg/api/v1/pod/util.go): Ready, and Ready for
 * longer than minReadySeconds (strictly: transition + minReadySeconds before now).
 */
export function isPodAvailable(p: PodObject, minReadySeconds: number, now: number): boolean {
  const ready = readyCondition(p);
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 < now;
}

/** Pods carry the template generation they were made from (pod-template-generation), as util.IsPodUpdated reads it. */
export const isPodUpdated = (ds: DaemonSetObject, p: PodObject): boolean =>
  p.metadata.labels?.['pod-template-generation'] === String(ds.metadata.generation ?? 1);

/**
 * The status counters as the DaemonSet controller's updateDaemonSetStatus
 * (pkg/controller/daemon/daemon_controller.go) computes them: per node that
 * should run the pod (every node here: the demo's DaemonSets tolerate every
 * taint), the oldest of its pods counts; numberUnavailable is desired minus
 * available. observedGeneration is the controller's to move, not this
 * function's: callers pass what it should say.
 */
export function daemonSetStatusFrom(ds: DaemonSetObject, pods: readonly PodObject[], opts: { now: number; nodes?: readonly string[]; observedGeneration?: number }): DaemonSetObject['status'] {
  const live = pods.filter((p) => p.status.phase !== 'Failed' && p.status.phase !== 'Succeeded');
  const byNode = new Map<string, PodObject>();
  const created = (p: PodObject): number => Date.parse(p.metadata.creationTimestamp);
  for (const p of live) {
    const node = p.spec.nodeName ?? '';
    const prev = byNode.get(node);
    if (!prev || created(p) < created(prev)) byNode.set(node, p);
  }
  const nodes = opts.nodes ?? [...byNode.keys()];
  const minReady = ds.spec.minReadySeconds ?? 0;
  let current = 0, ready = 0, available = 0, updated = 0;
  for (const node of nodes) {
    const p = byNode.get(node);
    if (!p) continue;
    current++;
    if (readyCondition(p)) {
      ready++;
      if (isPodAvailable(p, minReady, opts.now)) available++;
    }
    if (isPodUpdated(ds, p)) updated++;
  }
  const desired = nodes.length;
  return {
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    numberAvailable: available,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
    observedGeneration: opts.observedGeneration ?? ds.status.observedGeneration,
    updatedNumberScheduled: updated,
  };
}

export interface ConfigMapInput {
  name: string;
  namespace: string;
  createdAt: number;
  data: Record<string, string>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: OwnerReference;
  manager?: string;
  updatedAt?: number;
}

export function buildConfigMap(c: ConfigMapInput): ConfigMapObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta({
      name: c.name,
      namespace: c.namespace,
      createdAt: c.createdAt,
      labels: c.labels,
      annotations: c.annotations,
      owner: c.owner,
      managers: [{ manager: c.manager ?? 'kube-controller-manager', time: c.updatedAt ?? c.createdAt, fields: { 'f:data': fieldsOf(Object.keys(c.data)) } }],
    }),
    data: c.data,
  };
}

export function buildNamespace(name: string, createdAt: number, labels: Record<string, string> = {}): NamespaceObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: objectMeta({
      name,
      createdAt,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      managers: [{ manager: 'kubectl-create', time: createdAt, fields: { 'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } } } }],
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
