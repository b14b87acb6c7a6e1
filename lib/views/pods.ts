import 'server-only';
import { bindSnapshots } from '@/lib/cni/snapshot-binding';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { podsQueryKey, type FacetView, type PodsFilter, type PodsView, type SignatureView, type StuckPodView } from '@/lib/api/pods';
import type { KindSyncView } from '@/lib/api/views';
import { getGridStore } from './grid';
import { staleness } from './staleness';
import { SIGNATURES } from '@/lib/health/signatures';
import { findStuckPods, indexPodFailures } from '@/lib/health/stuck';
import type { ClusterCache, ClusterState } from '@/lib/k8s/cache';
import { podKey, type PodModel } from '@/lib/model/pod';
import { stuckSeries } from '@/lib/timeline/cluster-series';
import { configChanges, type ConfigChange } from '@/lib/timeline/config-changes';
import { episodeSignature, latestEpisode, podEpisodes, stuckInterval, type StuckInterval } from '@/lib/timeline/episodes';
import { buildPodTimeline } from '@/lib/timeline/pod-timeline';

/** Rows sent at most; the counts and the chart still cover every stuck pod. */
export const PODS_LIMIT = 500;

const SIGNATURE_BY_ID = new Map(SIGNATURES.map((s) => [s.id, s]));

function signatureView(id: string): SignatureView {
  const s = SIGNATURE_BY_ID.get(id);
  return s ? { id, cause: s.cause, cni: s.cni } : { id };
}

function facets(keys: readonly string[]): FacetView[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function ownerOf(pod: PodModel): string | undefined {
  return pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : undefined;
}

/**
 * The stuck-pods view from one reading of the cache. The list is the same
 * set the grid counts (lib/health/stuck.ts); the chart also counts pods that
 * were stuck earlier in the window and have started since.
 */
export function podsViewFrom(state: Pick<ClusterState, 'pods' | 'events' | 'snapshots'>, sync: readonly KindSyncView[], filter: PodsFilter, now: number): PodsView {
  const failures = indexPodFailures(state.events);
  const changesByNode = new Map<string, ConfigChange[]>([...bindSnapshots(state.snapshots).accepted].map(([node, s]) => [node, configChanges(s.snapshot)]));

  const stuck = findStuckPods(state.pods, failures, now).map((s) => {
    const episodes = podEpisodes(s.pod, failures.get(podKey(s.pod)));
    return { s, episodes, signature: episodeSignature(episodes) };
  });
  const matches = (node: string, signature: string): boolean =>
    (!filter.node || node === filter.node) && (!filter.signature || signature === filter.signature);
  const matching = stuck.filter((x) => matches(x.s.pod.nodeName!, x.signature));

  const rows: StuckPodView[] = matching
    .sort((a, b) => a.s.pod.nodeName!.localeCompare(b.s.pod.nodeName!) || a.s.since.localeCompare(b.s.since) || podKey(a.s.pod).localeCompare(podKey(b.s.pod)))
    .slice(0, PODS_LIMIT)
    .map(({ s, episodes, signature }) => {
      const timeline = buildPodTimeline({ createdAt: s.pod.createdAt, episodes, changes: changesByNode.get(s.pod.nodeName!) ?? [], now });
      const { createdAt: _created, configChanges: changes, changeBeforeFailures, ...rest } = timeline;
      return {
        namespace: s.pod.namespace,
        name: s.pod.name,
        node: s.pod.nodeName!,
        owner: ownerOf(s.pod),
        createdAt: s.pod.createdAt,
        since: s.since,
        failures: s.failures,
        lastSeen: s.lastSeen,
        lastMessage: latestEpisode(episodes)?.message ?? s.lastMessage,
        signature: signatureView(signature),
        timeline: {
          ...rest,
          configChanges: changes,
          changeBeforeFailures: changeBeforeFailures && changes.find((c) => c.revision === changeBeforeFailures.revision),
        },
      };
    });

  const intervals: StuckInterval[] = [];
  for (const pod of state.pods) {
    const events = failures.get(podKey(pod));
    if (!events) continue;
    const iv = stuckInterval(pod, podEpisodes(pod, events), now);
    if (iv && matches(iv.node, iv.signature)) intervals.push(iv);
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
      nodes: facets(stuck.map((x) => x.s.pod.nodeName!)),
      signatures: facets(stuck.map((x) => x.signature)).map((f) => ({ ...f, cause: SIGNATURE_BY_ID.get(f.key)?.cause })),
    },
    chart,
  };
}

export function buildPodsView(cache: ClusterCache, filter: PodsFilter, now: number): PodsView {
  // Only pods with sandbox failures can be stuck: the fleet index keeps them (and their events) apart
  // from the other 150,000 pods and 300,000 events. A cache without informers (tests) is read whole.
  const state = cache.informers ? getGridStore(cache).fleet.stuckState() : cache.state();
  return podsViewFrom(state, cache.sync(), filter, now);
}

/** Server prefetch for /pods under the client's query key (nothing when the link's filter is invalid: the client shows why). */
export function prefetchPods(cache: ClusterCache, filter: PodsFilter | undefined, now: number): DehydratedState {
  const queryClient = new QueryClient();
  if (filter) queryClient.setQueryData(podsQueryKey(filter), buildPodsView(cache, filter, now));
  return dehydrate(queryClient);
}
