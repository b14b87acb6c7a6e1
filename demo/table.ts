/**
 * Server-side printing (meta.k8s.io/v1 Table), which kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Columns follow the
 * API server's printers (pkg/printers/internalversion) so `kubectl get` reads
 * as it does against a real cluster.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
 */
import { ageOf } from './humanize';
import type { DaemonSetObject, EventObject, KubeObject, LeaseObject, NodeObject, PodDisruptionBudgetObject, PodObject, Resource, SecretObject } from './types';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[] | null;
  rows: { cells: (string | number)[]; object?: KubeObject | { kind: 'PartialObjectMetadata'; apiVersion: string; metadata: KubeObject['metadata'] } }[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

type Cell = string | number;
type ColumnSpec = [name: string, type: TableColumn['type'], priority: number, cell: (o: never, now: number) => Cell];

const col = <T>(name: string, type: TableColumn['type'], priority: number, cell: (o: T, now: number) => Cell): ColumnSpec =>
  [name, type, priority, cell as (o: never, now: number) => Cell];

const name = col<KubeObject>('Name', 'string', 0, (o) => o.metadata.name);
const age = col<KubeObject>('Age', 'string', 0, (o, now) => ageOf(o.metadata.creationTimestamp, now));

function nodeStatus(n: NodeObject): string {
  const ready = n.status.conditions.find((c) => c.type === 'Ready');
  const base = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return n.spec.unschedulable ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(n: NodeObject): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

function podStatus(p: PodObject): string {
  let reason: string = p.status.reason ?? p.status.phase;
  for (const c of [...(p.status.containerStatuses ?? [])].reverse()) {
    const s = c.state;
    if ('waiting' in s && s.waiting.reason) reason = s.waiting.reason;
    else if ('terminated' in s && s.terminated.reason) reason = s.terminated.reason;
  }
  return reason;
}

function podRestarts(p: PodObject, now: number): string {
  const statuses = p.status.containerStatuses ?? [];
  const total = statuses.reduce((n, c) => n + c.restartCount, 0);
  const last = statuses
    .map((c) => ('terminated' in c.lastState ? c.lastState.terminated.finishedAt : undefined))
    .filter((t): t is string => !!t)
    .sort()
    .at(-1);
  return last && total > 0 ? `${total} (${ageOf(last, now)} ago)` : String(total);
}

const labelString = (l: Record<string, string> | undefined): string =>
  Object.entries(l ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';

const COLUMNS: Record<Resource, ColumnSpec[]> = {
  nodes: [
    name,
    col<NodeObject>('Status', 'string', 0, nodeStatus),
    col<NodeObject>('Roles', 'string', 0, nodeRoles),
    age,
    col<NodeObject>('Version', 'string', 0, (n) => n.status.nodeInfo.kubeletVersion ?? ''),
    col<NodeObject>('Internal-IP', 'string', 1, (n) => n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '<none>'),
    col<NodeObject>('External-IP', 'string', 1, (n) => n.status.addresses.find((a) => a.type === 'ExternalIP')?.address ?? '<none>'),
    col<NodeObject>('OS-Image', 'string', 1, (n) => n.status.nodeInfo.osImage ?? ''),
    col<NodeObject>('Kernel-Version', 'string', 1, (n) => n.status.nodeInfo.kernelVersion ?? ''),
    col<NodeObject>('Container-Runtime', 'string', 1, (n) => n.status.nodeInfo.containerRuntimeVersion ?? ''),
  ],
  pods: [
    name,
    col<PodObject>('Ready', 'string', 0, (p) => {
      const s = p.status.containerStatuses ?? [];
      return `${s.filter((c) => c.ready).length}/${p.spec.containers.length}`;
    }),
    col<PodObject>('Status', 'string', 0, podStatus),
    col<PodObject>('Restarts', 'string', 0, podRestarts),
    age,
    col<PodObject>('IP', 'string', 1, (p) => p.status.podIP ?? '<none>'),
    col<PodObject>('Node', 'string', 1, (p) => p.spec.nodeName ?? '<none>'),
    col<PodObject>('Nominated Node', 'string', 1, () => '<none>'),
    col<PodObject>('Readiness Gates', 'string', 1, () => '<none>'),
  ],
  events: [
    col<EventObject>('Last Seen', 'string', 0, (e, now) => ageOf(e.lastTimestamp, now)),
    col<EventObject>('Type', 'string', 0, (e) => e.type),
    col<EventObject>('Reason', 'string', 0, (e) => e.reason),
    col<EventObject>('Object', 'string', 0, (e) => `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`),
    col<EventObject>('Subobject', 'string', 1, (e) => e.involvedObject?.fieldPath ?? ''),
    col<EventObject>('Source', 'string', 1, (e) => [e.source?.component, e.source?.host].filter(Boolean).join(', ')),
    col<EventObject>('Message', 'string', 0, (e) => e.message),
    col<EventObject>('First Seen', 'string', 1, (e, now) => ageOf(e.firstTimestamp, now)),
    col<EventObject>('Count', 'string', 1, (e) => String(e.count)),
    col<EventObject>('Name', 'string', 1, (e) => e.metadata.name),
  ],
  configmaps: [name, col<{ data?: Record<string, string> }>('Data', 'integer', 0, (c) => Object.keys(c.data ?? {}).length), age],
  daemonsets: [
    name,
    col<DaemonSetObject>('Desired', 'integer', 0, (d) => d.status.desiredNumberScheduled),
    col<DaemonSetObject>('Current', 'integer', 0, (d) => d.status.currentNumberScheduled),
    col<DaemonSetObject>('Ready', 'integer', 0, (d) => d.status.numberReady),
    col<DaemonSetObject>('Up-to-date', 'integer', 0, (d) => d.status.updatedNumberScheduled),
    col<DaemonSetObject>('Available', 'integer', 0, (d) => d.status.numberAvailable),
    col<DaemonSetObject>('Node Selector', 'string', 0, (d) => labelString(d.spec.template.spec.nodeSelector)),
    age,
    col<DaemonSetObject>('Containers', 'string', 1, (d) => d.spec.template.spec.containers.map((c) => c.name).join(',')),
    col<DaemonSetObject>('Images', 'string', 1, (d) => d.spec.template.spec.containers.map((c) => c.image).join(',')),
    col<DaemonSetObject>('Selector', 'string', 1, (d) => labelString(d.spec.selector.matchLabels)),
  ],
  secrets: [name, col<SecretObject>('Type', 'string', 0, (x) => x.type ?? 'Opaque'), col<SecretObject>('Data', 'integer', 0, (x) => Object.keys(x.data ?? {}).length), age],
  leases: [name, col<LeaseObject>('Holder', 'string', 0, (l) => l.spec.holderIdentity ?? ''), age],
  namespaces: [name, col<{ status: { phase: string } }>('Status', 'string', 0, (n) => n.status.phase), age],
  poddisruptionbudgets: [
    name,
    col<PodDisruptionBudgetObject>('Min Available', 'string', 0, (p) => (p.spec.minAvailable === undefined ? 'N/A' : String(p.spec.minAvailable))),
    col<PodDisruptionBudgetObject>('Max Unavailable', 'string', 0, (p) => (p.spec.maxUnavailable === undefined ? 'N/A' : String(p.spec.maxUnavailable))),
    col<PodDisruptionBudgetObject>('Allowed Disruptions', 'integer', 0, (p) => p.status.disruptionsAllowed),
    age,
  ],
};

const DESCRIPTIONS: Record<string, string> = {
  Name: 'Name must be unique within a namespace. More info: http://kubernetes.io/docs/user-guide/identifiers#names',
  Age: 'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system.',
};

export function columnDefinitions(resource: Resource): TableColumn[] {
  return COLUMNS[resource].map(([n, type, priority]) => ({
    name: n,
    type,
    format: n === 'Name' ? 'name' : '',
    description: DESCRIPTIONS[n] ?? n,
    priority,
  }));
}

export function tableRow(resource: Resource, obj: KubeObject, now: number, include: IncludeObject, apiVersion: string): Table['rows'][number] {
  const cells = COLUMNS[resource].map(([, , , cell]) => cell(obj as never, now));
  if (include === 'None') return { cells };
  if (include === 'Object') return { cells, object: obj };
  return { cells, object: { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata } };
}

export function toTable(
  resource: Resource,
  objects: readonly KubeObject[],
  opts: { now: number; include: IncludeObject; apiVersion: string; withColumns: boolean; metadata: Table['metadata'] },
): Table {
  return {
    kind: 'Table',
    apiVersion: opts.apiVersion,
    metadata: opts.metadata,
    columnDefinitions: opts.withColumns ? columnDefinitions(resource) : null,
    rows: objects.map((o) => tableRow(resource, o, opts.now, opts.include, opts.apiVersion)),
  };
}
