import { describe, expect, it } from 'vitest';
import { aMultusPod } from '@/lib/testing/models';
import { multusView } from './node-view';

describe('multusView', () => {
  it('names an eviction from the pod\'s own reason when no container terminated', () => {
    const evicted = aMultusPod('n1', { phase: 'Failed', reason: 'Evicted', ready: false });
    expect(multusView(evicted)).toMatchObject({ phase: 'Failed', ready: false, lastTerminationReason: 'Evicted' });
  });

  it('prefers the last container termination, and has nothing to say without a pod', () => {
    const oom = aMultusPod('n1', { containers: [{ name: 'kube-multus', image: 'multus:v4.0.2', ready: true, restartCount: 2, state: 'running', lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-26T11:00:00Z' } }] });
    expect(multusView(oom)).toMatchObject({ restarts: 2, lastTerminationReason: 'OOMKilled', lastTerminationAt: '2026-11-26T11:00:00Z', image: 'multus:v4.0.2' });
    expect(multusView(undefined)).toBeUndefined();
  });
});
