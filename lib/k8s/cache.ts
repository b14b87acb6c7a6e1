import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterView, KindSyncView } from '@/lib/model/cluster';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import type { ProbeMeshModel } from '@/lib/model/probe-mesh';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { resolveClusterConfig } from './config';
import { createInformers, type ClusterInformers, type InformerTuning } from './informers';
import { livezProbe, LivenessProbe } from './liveness';

/** Everything the analysis needs, read from the caches at one instant. */
export interface ClusterState {
  nodes: NodeModel[];
  pods: PodModel[];
  events: EventModel[];
  daemonsets: DaemonSetModel[];
  snapshots: SnapshotModel[];
  probes: ProbeModel[];
  /** The probe mesh ConfigMap, when it exists (lib/probes/mesh-set.ts). */
  probeMesh?: ProbeMeshModel;
  /** The namespace of the snapshots, probe reports and probers (the dashboard's own). */
  probeNamespace?: string;
}

export interface ClusterCache {
  cluster: ClusterView;
  /** The server's own credentials: reads only. User actions use lib/k8s/user.ts. */
  kubeConfig: KubeConfig;
  /** Where the configuration came from (KUBECONFIG=…, ~/.kube/config, in-cluster service account). */
  source: string;
  informers: ClusterInformers;
  /** The dashboard's own namespace: snapshots, probe reports, probers. */
  namespace?: string;
  /** Bumped on every change of any kind; the live stream and memoised views key on it. */
  version(): number;
  state(): ClusterState;
  sync(): KindSyncView[];
  subscribe(listener: () => void): () => void;
  stop(): Promise<void>;
}

export function createClusterCache(kc: KubeConfig, cluster: ClusterView, tuning: InformerTuning, source = 'kubeconfig'): ClusterCache {
  const informers = createInformers(kc, tuning);
  const listeners = new Set<() => void>();
  let version = 0;
  const all = Object.values(informers) as ClusterInformers[keyof ClusterInformers][];
  for (const inf of all) {
    (inf.subscribe as (l: () => void) => () => void)(() => {
      version++;
      for (const l of listeners) l();
    });
    inf.start();
  }
  // One probe for the server, not one per kind: it vouches for every quiet watch, and ends them all when the server is gone.
  const liveness = new LivenessProbe({
    ...tuning.liveness,
    probe: livezProbe(kc),
    onAlive: (at) => all.forEach((inf) => inf.connectionAlive(at)),
    onLost: (reason) => all.forEach((inf) => inf.connectionLost(reason)),
    log: tuning.log,
  });
  liveness.start();
  return {
    cluster,
    kubeConfig: kc,
    source,
    informers,
    namespace: tuning.namespace,
    version: () => version,
    state: () => ({
      nodes: informers.nodes.list(),
      pods: informers.pods.list(),
      events: informers.events.list(),
      daemonsets: informers.daemonsets.list(),
      snapshots: informers.snapshots.list(),
      probes: informers.probes.list(),
      probeMesh: informers.probemesh.list()[0],
      probeNamespace: tuning.namespace,
    }),
    sync: () =>
      all.map((inf) => {
        const s = inf.status();
        const view: KindSyncView = {
          kind: s.kind,
          synced: s.synced,
          lastSyncedAt: s.lastSyncedAt ? new Date(s.lastSyncedAt).toISOString() : undefined,
          error: s.error?.message,
          count: s.count,
        };
        if (s.error?.code !== undefined) view.errorCode = s.error.code;
        if (s.forbidden) view.forbidden = true;
        if (s.retryAt !== undefined) view.retryAt = new Date(s.retryAt).toISOString();
        return view;
      }),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    stop: async () => {
      liveness.stop();
      await Promise.all(all.map((inf) => inf.stop()));
    },
  };
}

export type CacheHandle = { ok: true; cache: ClusterCache } | { ok: false; reason: string };

// One cache per server process. Keyed on globalThis so Next.js hot reload,
// which re-evaluates modules, reuses the running informers instead of
// starting a second set of watches.
const KEY = Symbol.for('cni-health.cluster-cache');
type Global = typeof globalThis & { [KEY]?: CacheHandle };

export function getClusterCache(): CacheHandle {
  const g = globalThis as Global;
  if (!g[KEY]) {
    const config = resolveClusterConfig();
    if (!config.ok) {
      g[KEY] = { ok: false, reason: config.reason };
    } else {
      const namespace = process.env.CNI_HEALTH_NAMESPACE || 'cni-health';
      const log = (msg: string): void => console.warn(`[cni-health] ${msg}`);
      g[KEY] = { ok: true, cache: createClusterCache(config.kubeConfig, config.cluster, { namespace, log }, config.source) };
      console.log(`[cni-health] watching ${config.cluster.name} (${config.cluster.server}) via ${config.source}`);
    }
  }
  return g[KEY]!;
}
