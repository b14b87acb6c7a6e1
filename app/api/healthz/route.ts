import { getClusterCache } from '@/lib/k8s/cache';

export const dynamic = 'force-dynamic';

/**
 * For probes: cheap (no analysis), 200 once every kind has synced at least
 * once, 503 before that or with no cluster configured. A watch that fails
 * later keeps it 200: the dashboard still serves, and says it is stale. A
 * kind RBAC forbids counts as ready: the rest is served, the gap labelled.
 */
export function GET(): Response {
  const handle = getClusterCache();
  if (!handle.ok) return Response.json({ ok: false, reason: handle.reason }, { status: 503 });
  const sync = handle.cache.sync();
  const ready = sync.every((s) => s.synced || s.forbidden);
  return Response.json({ ok: ready, kinds: sync.map((s) => ({ kind: s.kind, synced: s.synced, error: s.error })) }, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
