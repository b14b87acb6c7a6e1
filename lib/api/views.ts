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

/** The one finding a grid cell shows: the worst, most specific. */
export interface TopFindingView {
  ruleId: string;
  severity: FindingView['severity'];
  title: string;
}

/**
 * A node as the grid needs it: small, because the grid carries every node
 * of the fleet (the node page has the full findings).
 */
export interface NodeView {
  name: string;
  zone?: string;
  pool?: string;
  ready: boolean;
  verdict: Verdict;
  topFinding?: TopFindingView;
  /** Every rule that fired on the node, for filtering. */
  ruleIds: string[];
  findingCount: number;
  /** CNI families found in the node's config directory, effective first. */
  cnis: string[];
  stuckPods: number;
  /** Oldest stuck pod's first failure, for "stuck since". */
  stuckSince?: string;
  multus?: MultusPodView;
  snapshotAt?: string;
  /** Short id of the node's normalised config variant (equal configs, equal ids). */
  variant?: string;
  /** Data-plane probes' verdict (lib/probes); absent when probers are not installed. */
  dataPlane?: DataPlaneCell;
}

/** What the probes say of a node, as the grid draws it. */
export const DATA_PLANE_CELLS = ['ok', 'unreachable', 'outbound', 'partial', 'no-report', 'not-running', 'stale'] as const;
export type DataPlaneCell = (typeof DATA_PLANE_CELLS)[number];

export type { ClusterView, KindSyncView, ResourceKind } from '@/lib/model/cluster';
import type { ClusterView, KindSyncView } from '@/lib/model/cluster';

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
  /** CNI families found across the fleet, most common first. */
  cnis: Array<{ name: string; nodes: number }>;
  /** Fleet-level findings (e.g. Multus DaemonSet hygiene); they do not change node verdicts. */
  clusterFindings: FindingView[];
  /** Data-plane probes between zones (from zone → to zone), when probers are installed: zones² cells, never nodes². */
  zones?: ZoneCellView[];
  /** The precomputed grid's version and server epoch: what a delta request starts from. */
  version?: number;
  epoch?: string;
}

export interface ZoneCellView {
  from: string;
  to: string;
  ok: number;
  failed: number;
}

/** The body of any JSON error a route returns. */
export interface ErrorView {
  error: string;
  code: 'bad-request' | 'unauthenticated' | 'not-found' | 'forbidden' | 'conflict' | 'gone' | 'rate-limited' | 'unavailable' | 'unconfigured' | 'internal';
}

/** What a page shows instead of itself when its request may not read the cluster (lib/views/page-data.ts). */
export interface PageDenialView {
  reason: string;
  /** The signed-in identity, when there is one. */
  user?: string;
  mode?: string;
}
