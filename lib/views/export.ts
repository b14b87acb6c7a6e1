import 'server-only';
import type { PodsListing } from '@/lib/api/pods';
import type { NodeView, Verdict } from '@/lib/api/views';
import { NODE_COLUMNS, POD_COLUMNS, type StuckPodRecordSource } from '@/lib/export/records';
import { exportResponse, stamp, type ExportFormat } from '@/lib/export/stream';
import { SIGNATURES } from '@/lib/health/signatures';
import type { ClusterCache } from '@/lib/k8s/cache';
import { buildGridView } from './grid';
import { listRows } from './pods-listing';
import { stuckRowsFrom, stuckState } from './pods';

const CAUSE = new Map(SIGNATURES.map((s) => [s.id, s.cause]));

/** Every stuck pod the list would show for this filter and order, not only its first rows. */
export function podsExport(cache: ClusterCache, listing: PodsListing, format: ExportFormat, now: number): Response {
  const rows: StuckPodRecordSource[] = listRows(stuckRowsFrom(stuckState(cache), now).rows, listing).map((r) => ({
    namespace: r.stuck.pod.namespace,
    name: r.stuck.pod.name,
    node: r.node,
    owner: r.owner,
    signature: r.signature,
    cause: CAUSE.get(r.signature),
    since: r.stuck.since,
    failures: r.stuck.failures,
    lastSeen: r.stuck.lastSeen,
    lastMessage: r.lastMessage,
  }));
  return exportResponse({ name: `stuck-pods-${stamp(now)}`, format, columns: POD_COLUMNS, rows, meta: { kind: 'stuck-pods', cluster: cache.cluster.name, generatedAt: new Date(now).toISOString(), listing } });
}

/** The nodes with the given verdicts (broken by default), by name. */
export function nodesExport(cache: ClusterCache, verdicts: readonly Verdict[], format: ExportFormat, now: number): Response {
  const wanted = new Set(verdicts);
  const rows: NodeView[] = buildGridView(cache, now).nodes.filter((n) => wanted.has(n.verdict));
  return exportResponse({ name: `nodes-${verdicts.join('-')}-${stamp(now)}`, format, columns: NODE_COLUMNS, rows, meta: { kind: 'nodes', cluster: cache.cluster.name, generatedAt: new Date(now).toISOString(), verdicts } });
}
