import { queryOptions } from '@tanstack/react-query';
import { fetchJson, queryKeys } from './queries';
import type { KindSyncView, ResourceKind } from './views';

/** A kind the server's credentials may not read (403): left out of every view, labelled. */
export interface HiddenKindView {
  kind: ResourceKind;
  /** "Events hidden: the dashboard's account may not list events (403)." */
  message: string;
  /** What the views lack because of it. */
  consequence: string;
  /** The API server's own words. */
  detail?: string;
}

/** Whether what the dashboard shows is current, and what it leaves out: the banners on every page. */
export interface SyncView {
  /** A kind is behind the cluster (its list or watch is failing, or it has not synced yet). */
  stale: boolean;
  /** Last moment every failing kind was known to match the cluster. */
  staleSince?: string;
  /** Why, in a few words, for a headline: "cannot reach the API server". */
  cause?: string;
  /** Why, in one line, e.g. "cannot reach the API server (ECONNRESET: socket hang up) — every kind". */
  reason?: string;
  /** When the next attempt is due (the soonest among failing kinds). */
  retryAt?: string;
  hidden: HiddenKindView[];
  kinds: KindSyncView[];
}

export function syncQuery() {
  return queryOptions({
    queryKey: [...queryKeys.all, 'sync'] as const,
    queryFn: ({ signal }) => fetchJson<SyncView>('/api/sync', { signal }),
    // The live stream pings on every status change; this is the safety net.
    refetchInterval: 5_000,
  });
}
