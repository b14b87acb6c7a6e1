import type { KindSyncView } from '@/lib/api/views';

/** Partial failure as data: which kinds are behind, since when, and why; every view carries it. */
export function staleness(sync: readonly KindSyncView[]): { stale: boolean; staleSince?: string; errors: string[] } {
  const failing = sync.filter((s) => !s.synced || s.error);
  const errors = failing.map((s) => (s.error ? `${s.kind}: ${s.error}` : `${s.kind}: not synced yet`));
  const since = failing.map((s) => s.lastSyncedAt).filter((t): t is string => !!t).sort()[0];
  return { stale: failing.length > 0, staleSince: since, errors };
}
