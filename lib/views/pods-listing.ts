/**
 * The stuck-pods list as the server filters and sorts it: pure (the stuck
 * set, the events and `now` come in), and shared by the page's view and the
 * export, so both list exactly the same pods in the same order. At 150,000
 * pods the work stays here, over the stuck pods only; the browser gets the
 * first rows and the counts.
 */
import type { PodSortKey, PodsFilter, PodsListing, SortOrder } from '@/lib/api/pods';
import type { EventModel } from '@/lib/model/event';
import { podKey, type PodModel } from '@/lib/model/pod';
import type { StuckPod } from '@/lib/health/stuck';
import { episodeSignature, latestEpisode, podEpisodes, type FailureEpisode } from '@/lib/timeline/episodes';

export interface StuckRow {
  stuck: StuckPod;
  node: string;
  ref: string;
  /** `Kind/name` of the controller. */
  owner?: string;
  episodes: FailureEpisode[];
  signature: string;
  lastMessage?: string;
}

export function ownerOf(pod: PodModel): string | undefined {
  return pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : undefined;
}

export function stuckRows(stuck: readonly StuckPod[], failures: Map<string, EventModel[]>): StuckRow[] {
  return stuck.map((s) => {
    const episodes = podEpisodes(s.pod, failures.get(podKey(s.pod)));
    return {
      stuck: s,
      node: s.pod.nodeName!,
      ref: podKey(s.pod),
      owner: ownerOf(s.pod),
      episodes,
      signature: episodeSignature(episodes),
      lastMessage: latestEpisode(episodes)?.message ?? s.lastMessage,
    };
  });
}

/** Every given field must match; the search is a case-insensitive substring of what the list shows. */
export function rowMatcher(filter: PodsFilter): (row: StuckRow) => boolean {
  const needle = filter.q?.toLowerCase();
  return (row) =>
    (!filter.node || row.node === filter.node) &&
    (!filter.signature || row.signature === filter.signature) &&
    (!filter.namespace || row.stuck.pod.namespace === filter.namespace) &&
    (!filter.workload || row.owner === filter.workload) &&
    (!needle || [row.ref, row.node, row.owner ?? '', row.signature, row.lastMessage ?? ''].some((t) => t.toLowerCase().includes(needle)));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const PRIMARY: Record<PodSortKey, (a: StuckRow, b: StuckRow) => number> = {
  node: (a, b) => cmp(a.node, b.node),
  pod: (a, b) => cmp(a.ref, b.ref),
  since: (a, b) => cmp(a.stuck.since, b.stuck.since),
  failures: (a, b) => a.stuck.failures - b.stuck.failures,
  signature: (a, b) => cmp(a.signature, b.signature),
};

/** The chosen column, reversed for `desc`; ties always by node, then oldest first, then name, so the order is total and stable across requests. */
export function rowComparator(sort: PodSortKey, order: SortOrder): (a: StuckRow, b: StuckRow) => number {
  const sign = order === 'desc' ? -1 : 1;
  const primary = PRIMARY[sort];
  return (a, b) => sign * primary(a, b) || cmp(a.node, b.node) || cmp(a.stuck.since, b.stuck.since) || cmp(a.ref, b.ref);
}

export function listRows(rows: readonly StuckRow[], listing: PodsListing): StuckRow[] {
  return rows.filter(rowMatcher(listing)).sort(rowComparator(listing.sort, listing.order));
}
