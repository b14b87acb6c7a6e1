import 'server-only';
import { AppsV1Api, CoreV1Api, Watch, type KubeConfig } from '@kubernetes/client-node';
import { SNAPSHOT_LABEL } from '@/lib/cni/snapshot';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { Informer, type InformerOptions, type ListPage } from './informer';
import { projectDaemonSet, projectEvent, projectNode, projectPod, projectSnapshot } from './project';

export interface ClusterInformers {
  nodes: Informer<NodeModel>;
  pods: Informer<PodModel>;
  events: Informer<EventModel>;
  daemonsets: Informer<DaemonSetModel>;
  snapshots: Informer<SnapshotModel>;
}

export interface InformerTuning {
  /** Namespace holding the snapshot ConfigMaps (the dashboard's own). */
  namespace: string;
  pageSize?: number;
  backoff?: InformerOptions<unknown>['backoff'];
  watchdogMs?: number;
  log?: (msg: string) => void;
}

interface RawList {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

function page(list: RawList): ListPage {
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?._continue };
}

/** One informer per kind the analysis reads, all over the same KubeConfig. */
export function createInformers(kc: KubeConfig, tuning: InformerTuning): ClusterInformers {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const watch = new Watch(kc);
  const common = {
    watch,
    pageSize: tuning.pageSize,
    backoff: tuning.backoff,
    watchdogMs: tuning.watchdogMs,
    log: tuning.log,
  };
  const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const labelSelector = `${SNAPSHOT_LABEL}`;
  return {
    nodes: new Informer(strip({
      ...common,
      kind: 'nodes',
      watchPath: '/api/v1/nodes',
      project: projectNode,
      listPage: async (limit, _continue) => page(await core.listNode({ limit, _continue })),
    })),
    pods: new Informer(strip({
      ...common,
      kind: 'pods',
      watchPath: '/api/v1/pods',
      project: projectPod,
      listPage: async (limit, _continue) => page(await core.listPodForAllNamespaces({ limit, _continue })),
    })),
    events: new Informer(strip({
      ...common,
      kind: 'events',
      watchPath: '/api/v1/events',
      project: projectEvent,
      listPage: async (limit, _continue) => page(await core.listEventForAllNamespaces({ limit, _continue })),
    })),
    daemonsets: new Informer(strip({
      ...common,
      kind: 'daemonsets',
      watchPath: '/apis/apps/v1/daemonsets',
      project: projectDaemonSet,
      listPage: async (limit, _continue) => page(await apps.listDaemonSetForAllNamespaces({ limit, _continue })),
    })),
    snapshots: new Informer(strip({
      ...common,
      kind: 'snapshots',
      watchPath: `/api/v1/namespaces/${encodeURIComponent(tuning.namespace)}/configmaps`,
      watchParams: { labelSelector },
      project: projectSnapshot,
      listPage: async (limit, _continue) =>
        page(await core.listNamespacedConfigMap({ namespace: tuning.namespace, labelSelector, limit, _continue })),
    })),
  };
}
