/**
 * DaemonSets, ConfigMaps and Namespaces. DaemonSet status is derived from its
 * pods, as the DaemonSet controller does, so it stays true after each step.
 */
import type { ConfigMapObject, DaemonSetObject, NamespaceObject, OwnerReference, PodObject, PodTemplate } from '../types';
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

/** Recomputes status counters from the DaemonSet's pods (one per node). */
export function daemonSetStatusFrom(ds: DaemonSetObject, pods: readonly PodObject[]): DaemonSetObject['status'] {
  const live = pods.filter((p) => p.status.phase !== 'Failed' && p.status.phase !== 'Succeeded');
  const ready = live.filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  const desired = live.length;
  // Pods carry the template generation they were made from (pod-template-generation).
  const generation = String(ds.metadata.generation ?? 1);
  const updated = live.filter((p) => p.metadata.labels?.['pod-template-generation'] === generation && !p.metadata.deletionTimestamp).length;
  return {
    currentNumberScheduled: desired,
    desiredNumberScheduled: desired,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
    observedGeneration: ds.metadata.generation ?? 1,
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
