import type { KindSyncView } from '@/lib/api/views';

/**
 * Partial failure as data: which kinds are behind, since when, and why; every view carries it.
 * A forbidden kind (403) is not "behind": it is left out on purpose, and says so in `errors`,
 * but does not make the whole view stale (lib/api/sync.ts labels it).
 */
export function staleness(sync: readonly KindSyncView[]): { stale: boolean; staleSince?: string; errors: string[] } {
  const failing = sync.filter((s) => !s.synced || s.error);
  const behind = failing.filter((s) => !s.forbidden);
  const errors = failing.map((s) => (s.error ? `${s.kind}: ${s.error}` : `${s.kind}: not synced yet`));
  const since = behind.map((s) => s.lastSyncedAt).filter((t): t is string => !!t).sort()[0];
  return { stale: behind.length > 0, staleSince: since, errors };
}
