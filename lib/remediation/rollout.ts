/**
 * When a DaemonSet change has rolled out, with `kubectl rollout status`
 * semantics (kubectl's DaemonSetStatusViewer,
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go):
 * nothing counts until status.observedGeneration has reached the generation
 * our patch produced (the API server answers a spec change with the new
 * generation and the old status; only the DaemonSet controller moves
 * observedGeneration), then updatedNumberScheduled and numberAvailable must
 * reach desiredNumberScheduled; we also ask numberReady to.
 * kubectl refuses OnDelete DaemonSets ("rollout status is only available for
 * RollingUpdate strategy type"): their pods change only when deleted.
 *
 * How long to wait: a 5,000-node DaemonSet with maxUnavailable 1 rolls for
 * hours, so there is no fixed timeout. We wait as long as the rollout makes
 * progress and give up once it has made none for a stated time, as a
 * Deployment's progressDeadlineSeconds does (default 600 s:
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#progress-deadline-seconds).
 * Pure: `now` is an argument.
 */
import type { DaemonSetModel } from '@/lib/model/daemonset';

export type RolloutPhase = 'not-observed' | 'rolling' | 'complete' | 'not-rolling-update';

export interface RolloutCounts {
  /** The generation the rollout must reach: our patch's, or a later one. */
  generation: number;
  observedGeneration: number;
  desired: number;
  updated: number;
  ready: number;
  available: number;
}

export interface RolloutCheck {
  phase: RolloutPhase;
  counts: RolloutCounts;
  /** One line, e.g. "12 of 5000 updated, 10 available, 11 ready". */
  text: string;
}

/** Where a DaemonSet's rollout of generation `patched` (or later) stands. */
export function rolloutCheck(ds: DaemonSetModel, patched: number): RolloutCheck {
  const generation = Math.max(ds.generation, patched);
  const counts: RolloutCounts = { generation, observedGeneration: ds.observedGeneration, desired: ds.desired, updated: ds.updated, ready: ds.ready, available: ds.available };
  if (ds.updateStrategy.type !== 'RollingUpdate') {
    return { phase: 'not-rolling-update', counts, text: `updateStrategy is ${ds.updateStrategy.type}: pods change only when deleted, so there is no rollout to follow` };
  }
  if (ds.generation < patched) return { phase: 'not-observed', counts, text: `waiting to see generation ${patched} (the dashboard's cache still has ${ds.generation})` };
  if (ds.observedGeneration < generation) {
    return { phase: 'not-observed', counts, text: `waiting for the DaemonSet controller to observe generation ${generation} (its status is of generation ${ds.observedGeneration})` };
  }
  const text = `${ds.updated} of ${ds.desired} updated, ${ds.available} available, ${ds.ready} ready`;
  const done = ds.updated >= ds.desired && ds.available >= ds.desired && ds.ready >= ds.desired;
  return { phase: done ? 'complete' : 'rolling', counts, text };
}

/** What a progress deadline needs to remember between two checks. */
export interface ProgressMark {
  /** When the verification started (for the pace). */
  startedAt: number;
  /** When the rollout last moved forward. */
  lastProgressAt: number;
  counts: RolloutCounts;
  /** updatedNumberScheduled once the controller first observed our generation. */
  updatedAtStart?: number;
}

export function startMark(check: RolloutCheck, now: number): ProgressMark {
  return { startedAt: now, lastProgressAt: now, counts: check.counts, ...(check.phase === 'rolling' || check.phase === 'complete' ? { updatedAtStart: check.counts.updated } : {}) };
}

/**
 * Forward means the controller observed a newer generation, or more pods
 * are updated or available than at the last mark. A pod going down to be
 * replaced is not progress; its replacement becoming available is.
 */
export function advanceMark(mark: ProgressMark, check: RolloutCheck, now: number): ProgressMark {
  const a = mark.counts;
  const b = check.counts;
  const observed = check.phase === 'rolling' || check.phase === 'complete';
  // Counters of an older generation say nothing about ours: a newly observed generation starts afresh.
  const newGeneration = b.observedGeneration > a.observedGeneration;
  const forward = newGeneration || b.updated > a.updated || b.available > a.available;
  return {
    startedAt: mark.startedAt,
    lastProgressAt: forward ? now : mark.lastProgressAt,
    // Otherwise keep the best counts seen, so a dip and recovery is not counted as progress twice.
    counts: newGeneration ? b : forward ? { ...b, updated: Math.max(a.updated, b.updated), available: Math.max(a.available, b.available) } : a,
    updatedAtStart: mark.updatedAtStart ?? (observed ? b.updated : undefined),
  };
}

/** When to give up if nothing moves before then. */
export function giveUpAt(mark: ProgressMark, stallMs: number): number {
  return mark.lastProgressAt + stallMs;
}

/** Time left at the pace seen so far; undefined until a pod has been updated under our generation. */
export function estimatedRemainingMs(mark: ProgressMark, check: RolloutCheck, now: number): number | undefined {
  if (check.phase !== 'rolling' || mark.updatedAtStart === undefined) return undefined;
  const done = check.counts.updated - mark.updatedAtStart;
  if (done <= 0) return undefined;
  const left = Math.max(0, check.counts.desired - check.counts.updated);
  return Math.round(((now - mark.startedAt) / done) * left);
}

/**
 * spec.updateStrategy.rollingUpdate.maxUnavailable as the controller resolves
 * it: a percentage of desiredNumberScheduled rounded up; 0 with maxSurge 0
 * is taken as 1 (pkg/controller/daemon, updatedDesiredNodeCounts).
 */
export function resolvedMaxUnavailable(ds: Pick<DaemonSetModel, 'updateStrategy' | 'desired'>): number {
  const scaled = (v: number | string): number => (typeof v === 'number' ? v : Math.ceil((Number(v.replace('%', '')) * ds.desired) / 100));
  const unavailable = scaled(ds.updateStrategy.maxUnavailable);
  return unavailable === 0 && scaled(ds.updateStrategy.maxSurge) === 0 ? 1 : unavailable;
}
