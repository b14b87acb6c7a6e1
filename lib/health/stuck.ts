/**
 * Stuck pods: scheduled to a node, not running, and failing for network
 * reasons (the sandbox cannot be created). Pure: `now` is an argument.
 */
import { SANDBOX_FAILURE_REASONS, type EventModel } from '@/lib/model/event';
import type { PodModel } from '@/lib/model/pod';

/** A pod younger than this is still starting normally, not stuck. */
export const STUCK_GRACE_MS = 60_000;

export { SANDBOX_FAILURE_REASONS };

export interface StuckPod {
  pod: PodModel;
  /** When it started failing: the first sandbox failure, else its creation. */
  since: string;
  failures: number;
  lastMessage?: string;
  lastSeen?: string;
}

/** Sandbox-failure events indexed by `namespace/name` of the pod they are about. */
export function indexPodFailures(events: readonly EventModel[]): Map<string, EventModel[]> {
  const byPod = new Map<string, EventModel[]>();
  for (const e of events) {
    if (e.involved.kind !== 'Pod' || !SANDBOX_FAILURE_REASONS.has(e.reason)) continue;
    const key = `${e.involved.namespace ?? e.namespace}/${e.involved.name}`;
    const list = byPod.get(key);
    if (list) list.push(e);
    else byPod.set(key, [e]);
  }
  return byPod;
}

function isWaitingToStart(pod: PodModel): boolean {
  if (pod.phase !== 'Pending' || !pod.nodeName) return false;
  if (pod.sandboxReady === true) return false;
  return pod.containers.every((c) => c.state !== 'running');
}

export function findStuckPods(pods: readonly PodModel[], failures: Map<string, EventModel[]>, now: number): StuckPod[] {
  const stuck: StuckPod[] = [];
  for (const pod of pods) {
    if (!isWaitingToStart(pod)) continue;
    if (now - Date.parse(pod.createdAt) < STUCK_GRACE_MS) continue;
    const events = failures.get(`${pod.namespace}/${pod.name}`);
    if (!events || events.length === 0) continue;
    // Events of an earlier pod with the same name may linger; keep those
    // that happened during this pod's life.
    const mine = events.filter((e) => e.lastSeen >= pod.createdAt);
    if (mine.length === 0) continue;
    const latest = mine.reduce((a, b) => (a.lastSeen >= b.lastSeen ? a : b));
    const first = mine.reduce((a, b) => (a.firstSeen <= b.firstSeen ? a : b));
    stuck.push({
      pod,
      since: first.firstSeen < pod.createdAt ? pod.createdAt : first.firstSeen,
      failures: mine.reduce((n, e) => n + e.count, 0),
      lastMessage: latest.message,
      lastSeen: latest.lastSeen,
    });
  }
  return stuck;
}
