/**
 * The resource kinds the demo cluster serves: discovery facts (as
 * `kubectl api-resources` shows them on a real cluster) and the field
 * selectors each kind supports. Field labels are the real API server's:
 * anything else is rejected with 400 "field label not supported", because
 * clients that work here must also work there.
 */
import type { KubeObject, Resource } from './types';

export interface FieldSpec {
  /** Dot path into the object. */
  path: string;
  /** Value when the field is absent (e.g. spec.unschedulable reads "false"). */
  absent?: string;
}

export interface KindInfo {
  resource: Resource;
  kind: string;
  listKind: string;
  singular: string;
  group: '' | 'apps' | 'policy' | 'coordination.k8s.io';
  version: 'v1';
  namespaced: boolean;
  shortNames: string[];
  categories?: string[];
  storageVersionHash: string;
  fields: Record<string, FieldSpec>;
}

/**
 * The verbs each kind serves here (discovery lists them; any other method is
 * 405). A real server also creates and deletes nodes, pods and DaemonSets and
 * has deletecollection; the demo's controllers do not model those.
 */
const OPEN: readonly string[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
export const VERBS: Readonly<Record<Resource, readonly string[]>> = {
  nodes: ['get', 'list', 'patch', 'update', 'watch'],
  namespaces: ['get', 'list', 'watch'],
  pods: ['delete', 'get', 'list', 'patch', 'update', 'watch'],
  events: OPEN,
  configmaps: OPEN,
  daemonsets: ['get', 'list', 'patch', 'update', 'watch'],
  poddisruptionbudgets: OPEN,
  secrets: OPEN,
  leases: OPEN,
};

const nameField: Record<string, FieldSpec> = { 'metadata.name': { path: 'metadata.name' } };
const namespacedFields: Record<string, FieldSpec> = {
  ...nameField,
  'metadata.namespace': { path: 'metadata.namespace' },
};

export const KINDS: Record<Resource, KindInfo> = {
  nodes: {
    resource: 'nodes', kind: 'Node', listKind: 'NodeList', singular: 'node', group: '', version: 'v1',
    namespaced: false, shortNames: ['no'], storageVersionHash: 'XwShjMxG9Fs=',
    fields: { ...nameField, 'spec.unschedulable': { path: 'spec.unschedulable', absent: 'false' } },
  },
  namespaces: {
    resource: 'namespaces', kind: 'Namespace', listKind: 'NamespaceList', singular: 'namespace', group: '', version: 'v1',
    namespaced: false, shortNames: ['ns'], storageVersionHash: 'Q3oi5N2YM8M=',
    fields: { ...nameField, 'status.phase': { path: 'status.phase' } },
  },
  pods: {
    resource: 'pods', kind: 'Pod', listKind: 'PodList', singular: 'pod', group: '', version: 'v1',
    namespaced: true, shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=',
    fields: {
      ...namespacedFields,
      'spec.nodeName': { path: 'spec.nodeName' },
      'spec.restartPolicy': { path: 'spec.restartPolicy' },
      'spec.schedulerName': { path: 'spec.schedulerName' },
      'spec.serviceAccountName': { path: 'spec.serviceAccountName' },
      'spec.hostNetwork': { path: 'spec.hostNetwork', absent: 'false' },
      'status.phase': { path: 'status.phase' },
      'status.podIP': { path: 'status.podIP' },
      'status.nominatedNodeName': { path: 'status.nominatedNodeName' },
    },
  },
  events: {
    resource: 'events', kind: 'Event', listKind: 'EventList', singular: 'event', group: '', version: 'v1',
    namespaced: true, shortNames: ['ev'], storageVersionHash: 'r2yiGXH7wu8=',
    fields: {
      ...namespacedFields,
      'involvedObject.kind': { path: 'involvedObject.kind' },
      'involvedObject.namespace': { path: 'involvedObject.namespace' },
      'involvedObject.name': { path: 'involvedObject.name' },
      'involvedObject.uid': { path: 'involvedObject.uid' },
      'involvedObject.apiVersion': { path: 'involvedObject.apiVersion' },
      'involvedObject.resourceVersion': { path: 'involvedObject.resourceVersion' },
      'involvedObject.fieldPath': { path: 'involvedObject.fieldPath' },
      reason: { path: 'reason' },
      reportingComponent: { path: 'reportingComponent' },
      source: { path: 'source.component' },
      type: { path: 'type' },
    },
  },
  configmaps: {
    resource: 'configmaps', kind: 'ConfigMap', listKind: 'ConfigMapList', singular: 'configmap', group: '', version: 'v1',
    namespaced: true, shortNames: ['cm'], storageVersionHash: 'qFsyl6wFWjQ=', fields: namespacedFields,
  },
  daemonsets: {
    resource: 'daemonsets', kind: 'DaemonSet', listKind: 'DaemonSetList', singular: 'daemonset', group: 'apps', version: 'v1',
    namespaced: true, shortNames: ['ds'], categories: ['all'], storageVersionHash: 'dd7pWHUlMKQ=', fields: namespacedFields,
  },
  poddisruptionbudgets: {
    resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', listKind: 'PodDisruptionBudgetList', singular: 'poddisruptionbudget', group: 'policy', version: 'v1',
    namespaced: true, shortNames: ['pdb'], storageVersionHash: '6BGBu0kpHtk=', fields: namespacedFields,
  },
  // The dashboard keeps its sessions, operations and previews here (lib/k8s/state-objects.ts).
  secrets: {
    resource: 'secrets', kind: 'Secret', listKind: 'SecretList', singular: 'secret', group: '', version: 'v1',
    namespaced: true, shortNames: [], storageVersionHash: 'S6u1pOWzb84=', fields: { ...namespacedFields, type: { path: 'type' } },
  },
  // Its leader election (lib/k8s/lease.ts).
  leases: {
    resource: 'leases', kind: 'Lease', listKind: 'LeaseList', singular: 'lease', group: 'coordination.k8s.io', version: 'v1',
    namespaced: true, shortNames: [], storageVersionHash: 'gqkMMb/YqFM=', fields: namespacedFields,
  },
};

export function apiVersionOf(info: KindInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** Kinds served under one group version, in discovery order. */
export function kindsIn(group: string, version: string): KindInfo[] {
  return Object.values(KINDS).filter((k) => k.group === group && k.version === version);
}

export function findKind(group: string, version: string, resource: string): KindInfo | undefined {
  return kindsIn(group, version).find((k) => k.resource === resource);
}

/** The value a field selector compares against; booleans print as the API server prints them. */
export function fieldValue(obj: KubeObject, spec: FieldSpec): string {
  let cur: unknown = obj;
  for (const part of spec.path.split('.')) {
    if (cur === null || typeof cur !== 'object') return spec.absent ?? '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'boolean' || typeof cur === 'number') return String(cur);
  return spec.absent ?? '';
}
