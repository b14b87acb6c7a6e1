import 'server-only';
import { bindSnapshots } from '@/lib/cni/snapshot-binding';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { FACET_LIMIT, podsQueryKey, type FacetView, type PodsListing, type PodsView, type SignatureView, type StuckPodView } from '@/lib/api/pods';
import type { KindSyncView } from '@/lib/api/views';
import { getGridStore } from './grid';
import { staleness } from './staleness';
import { SIGNATURES } from '@/lib/health/signatures';
import { findStuckPods, indexPodFailures } from '@/lib/health/stuck';
import type { ClusterCache, ClusterState } from '@/lib/k8s/cache';
import { podKey } from '@/lib/model/pod';
import { stuckSeries } from '@/lib/timeline/cluster-series';
import { configChanges, type ConfigChange } from '@/lib/timeline/config-changes';
import { podEpisodes, stuckInterval, type StuckInterval } from '@/lib/timeline/episodes';
import { listRows, stuckRows, type StuckRow } from './pods-listing';
import { buildPodTimeline } from '@/lib/timeline/pod-timeline';

/** Rows sent at most; the counts and the chart still cover every stuck pod. */
export const PODS_LIMIT = 500;

const SIGNATURE_BY_ID = new Map(SIGNATURES.map((s) => [s.id, s]));

function signatureView(id: string): SignatureView {
  const s = SIGNATURE_BY_ID.get(id);
  return s ? { id, cause: s.cause, cni: s.cni } : { id };
}

function facets(keys: ReadonlyArray<string | undefined>, limit = Infinity): FacetView[] {
  const counts = new Map<string, number>();
  for (const k of keys) if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, limit);
}

/** Every stuck pod as a row (signature, workload, last message), before filtering: for the list and the export alike. */
export function stuckRowsFrom(state: Pick<ClusterState, 'pods' | 'events'>, now: number): { rows: StuckRow[]; failures: ReturnType<typeof indexPodFailures> } {
  const failures = indexPodFailures(state.events);
  return { rows: stuckRows(findStuckPods(state.pods, failures, now), failures), failures };
}

/**
 * The stuck-pods view from one reading of the cache. The list is the same
 * set the grid counts (lib/health/stuck.ts); the chart also counts pods that
 * were stuck earlier in the window and have started since.
 */
export function podsViewFrom(state: Pick<ClusterState, 'pods' | 'events' | 'snapshots'>, sync: readonly KindSyncView[], filter: PodsListing, now: number): PodsView {
  const { rows: stuck, failures } = stuckRowsFrom(state, now);
  const changesByNode = new Map<string, ConfigChange[]>([...bindSnapshots(state.snapshots).accepted].map(([node, s]) => [node, configChanges(s.snapshot)]));
  const matching = listRows(stuck, filter);

  const rows: StuckPodView[] = matching
    .slice(0, PODS_LIMIT)
    .map(({ stuck: s, episodes, signature, owner, lastMessage }) => {
      const timeline = buildPodTimeline({ createdAt: s.pod.createdAt, episodes, changes: changesByNode.get(s.pod.nodeName!) ?? [], now });
      const { createdAt: _created, configChanges: changes, changeBeforeFailures, ...rest } = timeline;
      return {
        namespace: s.pod.namespace,
        name: s.pod.name,
        node: s.pod.nodeName!,
        owner,
        createdAt: s.pod.createdAt,
        since: s.since,
        failures: s.failures,
        lastSeen: s.lastSeen,
        lastMessage,
        signature: signatureView(signature),
        timeline: {
          ...rest,
          configChanges: changes,
          changeBeforeFailures: changeBeforeFailures && changes.find((c) => c.revision === changeBeforeFailures.revision),
        },
      };
    });

  // The chart also counts pods stuck earlier in the window; it follows the node and signature
  // filters (what it is drawn by), the others narrow the list only.
  const intervals: StuckInterval[] = [];
  for (const pod of state.pods) {
    const events = failures.get(podKey(pod));
    if (!events) continue;
    const iv = stuckInterval(pod, podEpisodes(pod, events), now);
    if (iv && (!filter.node || iv.node === filter.node) && (!filter.signature || iv.signature === filter.signature)) intervals.push(iv);
  }
  const chart = stuckSeries(intervals, now);

  return {
    generatedAt: new Date(now).toISOString(),
    ...staleness(sync),
    filter,
    total: stuck.length,
    pods: rows,
    matching: matching.length,
    limit: PODS_LIMIT,
    facets: {
      nodes: facets(stuck.map((x) => x.node)),
      signatures: facets(stuck.map((x) => x.signature)).map((f) => ({ ...f, cause: SIGNATURE_BY_ID.get(f.key)?.cause })),
      namespaces: facets(stuck.map((x) => x.stuck.pod.namespace), FACET_LIMIT),
      workloads: facets(stuck.map((x) => x.owner), FACET_LIMIT),
    },
    chart,
  };
}

/**
 * Only pods with sandbox failures can be stuck: the fleet index keeps them (and their events) apart
 * from the other 150,000 pods and 300,000 events. A cache without informers (tests) is read whole.
 */
export function stuckState(cache: ClusterCache): Pick<ClusterState, 'pods' | 'events' | 'snapshots'> {
  return cache.informers ? getGridStore(cache).fleet.stuckState() : cache.state();
}

export function buildPodsView(cache: ClusterCache, filter: PodsListing, now: number): PodsView {
  return podsViewFrom(stuckState(cache), cache.sync(), filter, now);
}

/** Server prefetch for /pods under the client's query key (nothing when the link's filter is invalid: the client shows why). */
export function prefetchPods(cache: ClusterCache, filter: PodsListing | undefined, now: number): DehydratedState {
  const queryClient = new QueryClient();
  if (filter) queryClient.setQueryData(podsQueryKey(filter), buildPodsView(cache, filter, now));
  return dehydrate(queryClient);
}
