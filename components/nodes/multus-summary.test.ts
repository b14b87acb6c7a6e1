import { describe, expect, it } from 'vitest';
import { multusParts, multusSummary } from './multus-summary';

const pod = { namespace: 'kube-system', name: 'kube-multus-ds-x', phase: 'Running', ready: true, restarts: 3, lastTerminationReason: 'OOMKilled' };

describe('multusParts', () => {
  it('keeps the termination reason apart from the state, so a cell can shorten the state and never the key word', () => {
    expect(multusParts(pod)).toEqual({ state: 'Multus running, 3 restarts', last: 'OOMKilled' });
    expect(multusParts({ ...pod, ready: false, phase: 'Pending', restarts: 0, lastTerminationReason: undefined })).toEqual({ state: 'Multus pending, not ready' });
    expect(multusParts(undefined)).toEqual({ state: 'no Multus pod' });
    expect(multusSummary(pod)).toBe('Multus running, 3 restarts (last: OOMKilled)');
  });
});
