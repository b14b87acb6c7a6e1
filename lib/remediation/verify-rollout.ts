import 'server-only';
import type { RolloutProgressView } from '@/lib/api/remediation';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { ownsOperation, updateOperation } from './operations';
import { advanceMark, estimatedRemainingMs, giveUpAt, resolvedMaxUnavailable, rolloutCheck, startMark, type ProgressMark, type RolloutCheck } from './rollout';

export interface RolloutTiming {
  /** Give up once the rollout has not moved for this long (see rollout.ts). */
  rolloutStallMs: number;
  pollMs: number;
}

export interface RolloutOutcome { ok: boolean; seen: string; timedOut: boolean }

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function stallWords(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function view(ds: DaemonSetModel, check: RolloutCheck, mark: ProgressMark, t: RolloutTiming, now: number): RolloutProgressView {
  const eta = estimatedRemainingMs(mark, check, now);
  return {
    phase: check.phase, ...check.counts, maxUnavailable: resolvedMaxUnavailable(ds), stallSeconds: Math.round(t.rolloutStallMs / 1000),
    giveUpAt: new Date(giveUpAt(mark, t.rolloutStallMs)).toISOString(), ...(eta !== undefined ? { estimatedRemainingSeconds: Math.round(eta / 1000) } : {}),
  };
}

/**
 * Follows the rollout our patch started (generation `patched`, from the API
 * server's answer) in the watch-fed cache until it completes, stops being a
 * rollout, or makes no progress for rolloutStallMs. It may run for hours on
 * a large fleet; the operation shows its progress meanwhile.
 */
export async function verifyRollout(cache: ClusterCache, opId: string, target: { namespace: string; name: string }, patched: number | undefined, t: RolloutTiming): Promise<RolloutOutcome> {
  let mark: ProgressMark | undefined;
  let lastSeen = 'DaemonSet not found';
  const window = `as long as the rollout progresses; it is given up after ${stallWords(t.rolloutStallMs)} without a pod updated or becoming available`;
  for (;;) {
    if (!ownsOperation(opId)) return { ok: false, seen: 'another replica took this operation over', timedOut: false };
    const now = Date.now();
    const ds = cache.informers.daemonsets.list().find((d) => d.namespace === target.namespace && d.name === target.name);
    if (ds) {
      const check = rolloutCheck(ds, patched ?? ds.generation);
      mark = mark ? advanceMark(mark, check, now) : startMark(check, now);
      lastSeen = check.text;
      const progress = view(ds, check, mark, t, now);
      updateOperation(opId, (op) => {
        op.verification = { waitingFor: `every pod of ${target.namespace}/${target.name} updated, available and ready`, lastSeen, window };
        op.rollout = progress;
      });
      if (check.phase === 'complete') return { ok: true, seen: lastSeen, timedOut: false };
      if (check.phase === 'not-rolling-update') return { ok: false, seen: lastSeen, timedOut: false };
    }
    mark ??= { startedAt: now, lastProgressAt: now, counts: { generation: 0, observedGeneration: 0, desired: 0, updated: 0, ready: 0, available: 0 } };
    if (now > giveUpAt(mark, t.rolloutStallMs)) return { ok: false, seen: `${lastSeen}; no progress for ${stallWords(t.rolloutStallMs)}`, timedOut: true };
    await pause(t.pollMs);
  }
}
