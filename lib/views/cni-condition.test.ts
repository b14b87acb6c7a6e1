import { describe, expect, it } from 'vitest';
import { aNode } from '@/lib/testing/models';
import { cniConditionView } from './cni-condition';

const withCni = (status: 'True' | 'False' | 'Unknown', message = 'nested') =>
  aNode('n1', { conditions: [{ type: 'Ready', status: 'True' }, { type: 'CNIHealthy', status, reason: 'MultusNestedDelegates', message, lastTransitionTime: '2026-11-26T11:00:00.000Z' }] });

describe('the node\'s own CNIHealthy condition beside the dashboard\'s verdict', () => {
  it('agrees when the statuses match what the verdict gives: broken False, healthy and degraded True, unknown Unknown', () => {
    expect(cniConditionView(withCni('False'), 'broken')).toEqual({ status: 'False', reason: 'MultusNestedDelegates', message: 'nested', since: '2026-11-26T11:00:00.000Z', expected: 'False', agrees: true });
    expect(cniConditionView(withCni('True'), 'degraded')?.agrees).toBe(true);
    expect(cniConditionView(withCni('Unknown'), 'unknown')?.agrees).toBe(true);
  });

  it('disagrees when the node calls itself healthy and the dashboard finds it broken (a finding the agent cannot see, or a lying node)', () => {
    expect(cniConditionView(withCni('True'), 'broken')).toMatchObject({ status: 'True', expected: 'False', agrees: false });
  });

  it('is absent when no agent writes the condition, and bounds what a node wrote', () => {
    expect(cniConditionView(aNode('n1'), 'broken')).toBeUndefined();
    expect(cniConditionView(withCni('False', 'x'.repeat(100_000)), 'broken')?.message).toHaveLength(1024);
  });
});
