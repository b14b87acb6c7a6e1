import { describe, expect, it } from 'vitest';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { rolledOut, T0 } from '@/lib/testing/models';
import { advanceMark, estimatedRemainingMs, giveUpAt, resolvedMaxUnavailable, rolloutCheck, startMark } from './rollout';

function ds(over: Partial<DaemonSetModel> = {}): DaemonSetModel {
  return { namespace: 'kube-system', name: 'kube-multus-ds', uid: 'u', resourceVersion: '1', labels: {}, containers: [], initContainers: [], ...rolledOut(5000), ...over };
}

describe('rolloutCheck (kubectl rollout status semantics)', () => {
  it('is not done right after the patch: the API answered generation 2 with the status of generation 1', () => {
    const c = rolloutCheck(ds({ generation: 2, observedGeneration: 1 }), 2);
    expect(c.phase).toBe('not-observed');
    expect(c.text).toContain('observe generation 2');
  });

  it('is not done while the cache has not seen the patched generation, whatever the old counters say', () => {
    expect(rolloutCheck(ds(), 2).phase).toBe('not-observed');
  });

  it('follows the counters once observed, and is done only when updated, available and ready all reach desired', () => {
    expect(rolloutCheck(ds({ generation: 2, observedGeneration: 2, updated: 12, available: 4990, ready: 4991 }), 2)).toMatchObject({ phase: 'rolling', text: '12 of 5000 updated, 4990 available, 4991 ready' });
    expect(rolloutCheck(ds({ generation: 2, observedGeneration: 2, available: 4999 }), 2).phase).toBe('rolling');
    expect(rolloutCheck(ds({ generation: 2, observedGeneration: 2, ready: 4999 }), 2).phase).toBe('rolling');
    expect(rolloutCheck(ds({ generation: 2, observedGeneration: 2 }), 2).phase).toBe('complete');
  });

  it('follows a later generation someone else wrote on top of ours', () => {
    expect(rolloutCheck(ds({ generation: 3, observedGeneration: 2 }), 2).phase).toBe('not-observed');
    expect(rolloutCheck(ds({ generation: 3, observedGeneration: 3 }), 2).phase).toBe('complete');
  });

  it('says there is no rollout to follow for OnDelete', () => {
    expect(rolloutCheck(ds({ generation: 2, observedGeneration: 2, updateStrategy: { type: 'OnDelete', maxUnavailable: 1, maxSurge: 0 } }), 2).phase).toBe('not-rolling-update');
  });
});

describe('the progress deadline', () => {
  const check = (over: Partial<DaemonSetModel>): ReturnType<typeof rolloutCheck> => rolloutCheck(ds({ generation: 2, ...over }), 2);
  const STALL = 600_000;

  it('moves while pods are updated or become available, and not while nothing moves or a pod goes down', () => {
    let m = startMark(check({ observedGeneration: 1 }), T0);
    expect(giveUpAt(m, STALL)).toBe(T0 + STALL);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 0 }), T0 + 1_000);
    expect(m.lastProgressAt).toBe(T0 + 1_000);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 0, available: 4999 }), T0 + 2_000);
    expect(m.lastProgressAt).toBe(T0 + 1_000);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 1, available: 4999 }), T0 + 3_000);
    expect(m.lastProgressAt).toBe(T0 + 3_000);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 1, available: 5000 }), T0 + 4_000);
    // available came back to where it was before the dip: not new ground.
    expect(m.lastProgressAt).toBe(T0 + 3_000);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 1, available: 5000 }), T0 + 500_000);
    expect(giveUpAt(m, STALL)).toBe(T0 + 3_000 + STALL);
  });

  it('estimates the time left from the pace since the controller observed our generation', () => {
    let m = startMark(check({ observedGeneration: 1 }), T0);
    m = advanceMark(m, check({ observedGeneration: 2, updated: 0 }), T0 + 1_000);
    expect(estimatedRemainingMs(m, check({ observedGeneration: 2, updated: 0 }), T0 + 1_000)).toBeUndefined();
    const c = check({ observedGeneration: 2, updated: 10, available: 4999 });
    m = advanceMark(m, c, T0 + 60_000);
    expect(estimatedRemainingMs(m, c, T0 + 60_000)).toBe(Math.round((60_000 / 10) * 4990));
  });
});

describe('resolvedMaxUnavailable', () => {
  it('rounds a percentage up against the desired count and never lets 0 with no surge stall the rollout', () => {
    expect(resolvedMaxUnavailable({ desired: 12, updateStrategy: { type: 'RollingUpdate', maxUnavailable: '20%', maxSurge: 0 } })).toBe(3);
    expect(resolvedMaxUnavailable({ desired: 5000, updateStrategy: { type: 'RollingUpdate', maxUnavailable: 1, maxSurge: 0 } })).toBe(1);
    expect(resolvedMaxUnavailable({ desired: 5000, updateStrategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 0 } })).toBe(1);
    expect(resolvedMaxUnavailable({ desired: 5000, updateStrategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: '10%' } })).toBe(0);
  });
});
