/**
 * View models: what the JSON routes return and the UI renders. Mapping from
 * cluster objects to these happens in lib/views only.
 */

import type { Finding, Verdict } from '@/lib/health/types';

export type { Evidence, Severity, Verdict } from '@/lib/health/types';
export { VERDICTS } from '@/lib/health/types';

export type FindingView = Finding;

export interface MultusPodView {
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  lastTerminationReason?: string;
  lastTerminationAt?: string;
  qosClass?: string;
  image?: string;
}

export interface NodeView {
  name: string;
  zone?: string;
  pool?: string;
  ready: boolean;
  verdict: Verdict;
  findings: FindingView[];
  stuckPods: number;
  /** Oldest stuck pod's creation time, for "stuck since". */
  stuckSince?: string;
  multus?: MultusPodView;
  snapshotAt?: string;
  /** Short id of the node's normalised config variant (equal configs, equal ids). */
  variant?: string;
}

export type ResourceKind = 'nodes' | 'pods' | 'events' | 'daemonsets' | 'snapshots';

export interface KindSyncView {
  kind: ResourceKind;
  synced: boolean;
  /** Last time the cache was known to match the server (list done, or a watch event/bookmark). */
  lastSyncedAt?: string;
  error?: string;
  count: number;
}

export interface ClusterView {
  /** kubeconfig context name, or `in-cluster`. */
  name: string;
  server: string;
  demo: boolean;
}

export interface GridView {
  cluster: ClusterView;
  generatedAt: string;
  /** True while any kind has not synced or has lost its watch. */
  stale: boolean;
  /** Oldest lastSyncedAt among kinds that are currently failing. */
  staleSince?: string;
  sync: KindSyncView[];
  /** Non-fatal problems, shown beside the data (partial failure is data). */
  errors: string[];
  counts: Record<Verdict, number>;
  nodes: NodeView[];
  /** Fleet-level findings (e.g. Multus DaemonSet hygiene); they do not change node verdicts. */
  clusterFindings: FindingView[];
}

/** The body of any JSON error a route returns. */
export interface ErrorView {
  error: string;
  code: 'bad-request' | 'not-found' | 'forbidden' | 'conflict' | 'unavailable' | 'unconfigured' | 'internal';
}
