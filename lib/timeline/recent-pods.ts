/**
 * The pods of one node that could not get a network recently, and what
 * became of each: running again, still stuck, not running for another
 * reason, or gone (deleted, e.g. replaced by its controller). This is how a
 * fix shows its effect ("7 of 7 pods running") rather than only "Stuck pods
 * (0)". Rebuilt from pods and their sandbox-failure events on every request,
 * so it survives a dashboard restart; bounded by Kubernetes' own event TTL
 * (one hour by default, kube-apiserver --event-ttl) and by RECENT_WINDOW_MS.
 * Pure: `now` is an argument.
 */
import type { EventModel } from '@/lib/model/event';
import { podKey, type PodModel } from '@/lib/model/pod';
import { indexPodFailures } from '@/lib/health/stuck';
import { ms, podEpisodes, stuckInterval } from './episodes';

export const RECENT_WINDOW_MS = 3 * 60 * 60_000;
export const RECENT_LIMIT = 200;

export type RecentPodState = 'running' | 'stuck' | 'not-running' | 'gone';

export interface RecentPod {
  namespace: string;
  name: string;
  state: RecentPodState;
  /** The stuck interval: first failure of its run, to when it started running (or its last failure, or now while stuck). */
  stuckFrom: string;
  stuckTo: string;
  runningSince?: string;
}

function gonePods(events: readonly EventModel[], node: string, present: ReadonlySet<string>): RecentPod[] {
  const byPod = new Map<string, RecentPod>();
  for (const [key, evs] of indexPodFailures(events)) {
    // The event's source host is the kubelet's node: the only link to a node a deleted pod leaves behind.
    if (present.has(key) || !evs.some((e) => e.host === node)) continue;
    const first = evs.reduce((a, e) => (ms(e.firstSeen) < ms(a) ? e.firstSeen : a), evs[0]!.firstSeen);
    const last = evs.reduce((a, e) => (ms(e.lastSeen) > ms(a) ? e.lastSeen : a), evs[0]!.lastSeen);
    const slash = key.indexOf('/');
    byPod.set(key, { namespace: key.slice(0, slash), name: key.slice(slash + 1), state: 'gone', stuckFrom: first, stuckTo: last });
  }
  return [...byPod.values()];
}

export function recentPodsOnNode(state: { pods: readonly PodModel[]; events: readonly EventModel[] }, node: string, now: number): RecentPod[] {
  const failures = indexPodFailures(state.events);
  const out: RecentPod[] = [];
  for (const pod of state.pods) {
    if (pod.nodeName !== node) continue;
    const iv = stuckInterval(pod, podEpisodes(pod, failures.get(podKey(pod))), now);
    if (!iv) continue;
    const running = !iv.ongoing && pod.ready;
    out.push({
      namespace: pod.namespace,
      name: pod.name,
      state: iv.ongoing ? 'stuck' : running ? 'running' : 'not-running',
      stuckFrom: iv.from,
      stuckTo: iv.to,
      ...(running && pod.readyTransitionAt ? { runningSince: pod.readyTransitionAt } : {}),
    });
  }
  const present = new Set(state.pods.map(podKey));
  return [...out, ...gonePods(state.events, node, present)]
    .filter((p) => p.state === 'stuck' || now - ms(p.stuckTo) <= RECENT_WINDOW_MS)
    .sort((a, b) => ms(a.stuckFrom) - ms(b.stuckFrom) || `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
    .slice(0, RECENT_LIMIT);
}

/**
 * A pod that keeps failing does not refresh its event's lastSeen on every
 * failure: the kubelet's event recorder lets 25 events per object through,
 * then one every 5 minutes (client-go tools/record/events_cache.go,
 * defaultSpamBurst = 25, defaultSpamQPS = 1/300). So a pod not running now
 * whose last failure was less than two of those periods before `t` was
 * still failing at `t`.
 */
export const FAILING_SILENCE_MS = 10 * 60_000;

/** The pods that were stuck at `t` (when a fix started), whatever became of them since. */
export function stuckAt(pods: readonly RecentPod[], t: number): RecentPod[] {
  return pods.filter((p) => ms(p.stuckFrom) <= t && (ms(p.stuckTo) >= t || (p.state !== 'running' && t - ms(p.stuckTo) <= FAILING_SILENCE_MS)));
}
