import 'server-only';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { SNAPSHOT_LABEL } from '@/lib/cni/snapshot';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import type { ProbeMeshModel } from '@/lib/model/probe-mesh';
import { MESH_CONFIGMAP } from '@/lib/probes/mesh-set';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { PROBE_LABEL } from '@/lib/probes/names';
import type { AccessLossPolicy } from './access-loss';
import { readAccessReview } from './access-review';
import { Informer, type InformerOptions } from './informer';
import { EVENTS_WATCH_TIMEOUT_SECONDS } from './informer-watch';
import type { LivenessTiming } from './liveness';
import { projectDaemonSet, projectEvent, projectNode, projectPod, projectProbe, projectSnapshot } from './project';
import { projectProbeMesh } from './project-mesh';
import { listPageRaw } from './raw-list';

export interface ClusterInformers {
  nodes: Informer<NodeModel>;
  pods: Informer<PodModel>;
  events: Informer<EventModel>;
  daemonsets: Informer<DaemonSetModel>;
  snapshots: Informer<SnapshotModel>;
  /** Data-plane probe reports (lib/probes), from the same namespace as the snapshots. */
  probes: Informer<ProbeModel>;
  /** The one ConfigMap naming the probe mesh (lib/probes/mesh-set.ts), by name. */
  probemesh: Informer<ProbeMeshModel>;
}

export interface InformerTuning {
  /** Namespace holding the snapshot ConfigMaps (the dashboard's own). */
  namespace: string;
  pageSize?: number;
  backoff?: InformerOptions<unknown>['backoff'];
  /** When a 403 counts as lost access (default: 30 s over 3 attempts, or a SelfSubjectAccessReview saying no). */
  accessLoss?: AccessLossPolicy;
  /** How long past its timeoutSeconds a watch may stay open before it is presumed dead. */
  watchGraceMs?: number;
  /** The API server liveness probe (lib/k8s/liveness.ts); tests scale it down. */
  liveness?: LivenessTiming;
  log?: (msg: string) => void;
}

/** One informer per kind the analysis reads, all over the same KubeConfig. */
export function createInformers(kc: KubeConfig, tuning: InformerTuning): ClusterInformers {
  // Lists are read as plain JSON pages (lib/k8s/raw-list.ts explains why), watches through client-node's Watch.
  const list = (path: string, extra: Record<string, string> = {}) => (limit: number, _continue: string | undefined, signal?: AbortSignal) =>
    listPageRaw(kc, path, { ...extra, limit, continue: _continue }, signal);
  const watch = new Watch(kc);
  const common = {
    watch,
    pageSize: tuning.pageSize,
    backoff: tuning.backoff,
    accessLoss: tuning.accessLoss,
    watchGraceMs: tuning.watchGraceMs,
    log: tuning.log,
    versionOf: (o: { resourceVersion: string }) => o.resourceVersion,
  };
  const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const labelSelector = `${SNAPSHOT_LABEL}`;
  return {
    nodes: new Informer(strip({
      ...common,
      kind: 'nodes',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'nodes' }),
      watchPath: '/api/v1/nodes',
      project: projectNode,
      listPage: list('/api/v1/nodes'),
    })),
    pods: new Informer(strip({
      ...common,
      kind: 'pods',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'pods' }),
      watchPath: '/api/v1/pods',
      project: projectPod,
      listPage: list('/api/v1/pods'),
    })),
    events: new Informer(strip({
      ...common,
      kind: 'events',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'events' }),
      watchPath: '/api/v1/events',
      watchTimeoutSeconds: () => EVENTS_WATCH_TIMEOUT_SECONDS(),
      project: projectEvent,
      listPage: list('/api/v1/events'),
    })),
    daemonsets: new Informer(strip({
      ...common,
      kind: 'daemonsets',
      reviewAccess: readAccessReview(kc, { group: 'apps', resource: 'daemonsets' }),
      watchPath: '/apis/apps/v1/daemonsets',
      project: projectDaemonSet,
      listPage: list('/apis/apps/v1/daemonsets'),
    })),
    snapshots: new Informer(strip({
      ...common,
      kind: 'snapshots',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'configmaps', namespace: tuning.namespace }),
      watchPath: `/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`,
      watchParams: { labelSelector },
      project: projectSnapshot,
      listPage: list(`/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`, { labelSelector }),
    })),
    probes: new Informer(strip({
      ...common,
      kind: 'probes',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'configmaps', namespace: tuning.namespace }),
      watchPath: `/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`,
      watchParams: { labelSelector: PROBE_LABEL },
      project: projectProbe,
      listPage: list(`/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`, { labelSelector: PROBE_LABEL }),
    })),
    probemesh: new Informer(strip({
      ...common,
      kind: 'probemesh',
      reviewAccess: readAccessReview(kc, { group: '', resource: 'configmaps', namespace: tuning.namespace }),
      watchPath: `/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`,
      watchParams: { fieldSelector: `metadata.name=${MESH_CONFIGMAP}` },
      project: projectProbeMesh,
      listPage: list(`/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`, { fieldSelector: `metadata.name=${MESH_CONFIGMAP}` }),
    })),
  };
}
