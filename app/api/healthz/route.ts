import { getClusterCache } from '@/lib/k8s/cache';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { decideAccess } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * For probes: cheap (no analysis), 200 once every kind has synced at least
 * once, 503 before that or with no cluster configured. A watch that fails
 * later keeps it 200: the dashboard still serves, and says it is stale. A
 * kind RBAC forbids counts as ready: the rest is served, the gap labelled.
 * It is public (a kubelet probes without signing in), so it says only
 * `{ok}`; which kinds synced, and their errors, go only to someone the
 * views' own access decision lets read the cluster, with `storage`: where
 * sessions, operations and pending audit records live, `cluster` (shared by
 * replicas, kept across restarts) or `memory` (this process only, one
 * replica; `storageNote` says why), and whether this replica leads.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = getClusterCache();
  if (!handle.ok) return Response.json({ ok: false }, { status: 503, headers: NO_STORE });
  const sync = handle.cache.sync();
  const ready = sync.every((s) => s.synced || s.forbidden);
  const status = ready ? 200 : 503;
  const state = getDashboardState();
  const storage = { storage: state.storage, ...(state.reason ? { storageNote: state.reason } : {}) };
  const allowed = await decideAccess(request.headers);
  if (!allowed.ok) return Response.json({ ok: ready }, { status, headers: NO_STORE });
  const leader = state.elector ? { leader: state.elector.isLeader() } : {};
  return Response.json({ ok: ready, ...storage, ...leader, kinds: sync.map((s) => ({ kind: s.kind, synced: s.synced, error: s.error })) }, { status, headers: NO_STORE });
}
