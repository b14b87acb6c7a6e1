/**
 * Sandbox-failure episodes of a pod and the interval it was stuck, from its
 * events. Kubelet events aggregate repeats: one Event carries a count and its
 * first and last occurrence, never each occurrence, so an episode is exactly
 * that aggregate. Pure: `now` is an argument.
 */
import { matchSignature } from '@/lib/health/signatures';
import type { EventModel } from '@/lib/model/event';
import type { PodModel } from '@/lib/model/pod';

/** Id used when no known signature matches the message. */
export const UNMATCHED_SIGNATURE = 'unmatched';

export interface FailureEpisode {
  reason: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  message: string;
}

export interface StuckInterval {
  namespace: string;
  name: string;
  node: string;
  signature: string;
  /** First sandbox failure (never before the pod existed). */
  from: string;
  /** When it became Ready, or its last failure once it left Pending, or `now` while it still waits. */
  to: string;
  ongoing: boolean;
}

/**
 * The failure events of this pod, oldest first. Events of an earlier pod with
 * the same name may linger (they outlive the pod), so only those that
 * happened during this pod's life count.
 */
export function podEpisodes(pod: PodModel, events: readonly EventModel[] | undefined): FailureEpisode[] {
  const created = ms(pod.createdAt);
  return (events ?? [])
    .filter((e) => ms(e.lastSeen) >= created)
    .map((e) => ({
      reason: e.reason,
      count: Math.max(1, e.count),
      firstSeen: ms(e.firstSeen) < created ? pod.createdAt : e.firstSeen,
      lastSeen: e.lastSeen,
      message: e.message,
    }))
    .sort((a, b) => ms(a.firstSeen) - ms(b.firstSeen) || ms(a.lastSeen) - ms(b.lastSeen));
}

/** Timestamps arrive as RFC 3339 with or without fractions or offsets; compare them as instants, not strings. */
export function ms(t: string): number {
  return Date.parse(t);
}

/** The signature of the newest failure: what the pod fails with now. */
export function episodeSignature(episodes: readonly FailureEpisode[]): string {
  const latest = latestEpisode(episodes);
  return (latest && matchSignature(latest.message)?.id) ?? UNMATCHED_SIGNATURE;
}

export function latestEpisode(episodes: readonly FailureEpisode[]): FailureEpisode | undefined {
  return episodes.reduce<FailureEpisode | undefined>((a, b) => (!a || ms(b.lastSeen) >= ms(a.lastSeen) ? b : a), undefined);
}

function stillWaiting(pod: PodModel): boolean {
  return pod.phase === 'Pending' && !pod.ready;
}

/**
 * From the first failure of its current run to when it started, or to `now`.
 * A pod that became Ready after its last failure ran from then; one that
 * failed again after being Ready (a node reboot) is stuck from the failures
 * after that. Returns undefined for pods that never failed.
 */
export function stuckInterval(pod: PodModel, episodes: readonly FailureEpisode[], now: number): StuckInterval | undefined {
  if (!pod.nodeName || episodes.length === 0) return undefined;
  const latest = latestEpisode(episodes)!;
  const transition = pod.readyTransitionAt ? ms(pod.readyTransitionAt) : undefined;
  const readyAfter = pod.ready && transition !== undefined && transition >= ms(latest.lastSeen) ? pod.readyTransitionAt : undefined;
  // While not ready, failures from before it last stopped being Ready (an
  // earlier run, before a node reboot) do not belong to the current interval.
  const run = pod.ready || transition === undefined ? episodes : episodes.filter((e) => ms(e.lastSeen) >= transition);
  const relevant = run.length > 0 ? run : episodes;
  const from = relevant.reduce((a, e) => (ms(e.firstSeen) < ms(a) ? e.firstSeen : a), relevant[0]!.firstSeen);
  const ongoing = !readyAfter && stillWaiting(pod);
  const to = readyAfter ?? (ongoing ? new Date(now).toISOString() : latest.lastSeen);
  return {
    namespace: pod.namespace,
    name: pod.name,
    node: pod.nodeName,
    signature: episodeSignature(episodes),
    from,
    to: ms(to) < ms(from) ? from : to,
    ongoing,
  };
}
