import { describe, expect, it } from 'vitest';
import { T0, aNode, at } from '@/lib/testing/models';
import { cniConditionView } from './cni-condition';

const withCni = (status: 'True' | 'False' | 'Unknown', over: { message?: string; heartbeat?: string | null } = {}) =>
  aNode('n1', { conditions: [{ type: 'Ready', status: 'True' }, {
    type: 'CNIHealthy', status, reason: 'MultusNestedDelegates', message: over.message ?? 'nested', lastTransitionTime: at(-60),
    ...(over.heartbeat === null ? {} : { lastHeartbeatTime: over.heartbeat ?? at(-2) }),
  }] });

describe('the node\'s own CNIHealthy condition beside the dashboard\'s verdict', () => {
  it('agrees when the statuses match what the verdict gives: broken False, healthy and degraded True, unknown Unknown', () => {
    expect(cniConditionView(withCni('False'), 'broken', T0)).toEqual({
      status: 'False', reason: 'MultusNestedDelegates', message: 'nested', since: at(-60), expected: 'False', agrees: true, heartbeatAt: at(-2), stale: false,
    });
    expect(cniConditionView(withCni('True'), 'degraded', T0)?.agrees).toBe(true);
    expect(cniConditionView(withCni('Unknown'), 'unknown', T0)?.agrees).toBe(true);
  });

  it('disagrees when the node calls itself healthy and the dashboard finds it broken (a finding the agent cannot see, or a lying node)', () => {
    expect(cniConditionView(withCni('True'), 'broken', T0)).toMatchObject({ status: 'True', expected: 'False', agrees: false });
  });

  it('calls a condition stale when its agent has not renewed it for 15 minutes, has no heartbeat, or one from the future', () => {
    expect(cniConditionView(withCni('True', { heartbeat: at(-14) }), 'healthy', T0)?.stale).toBe(false);
    expect(cniConditionView(withCni('True', { heartbeat: at(-16) }), 'healthy', T0)?.stale).toBe(true);
    expect(cniConditionView(withCni('True', { heartbeat: null }), 'healthy', T0)?.stale).toBe(true);
    expect(cniConditionView(withCni('True', { heartbeat: at(30) }), 'healthy', T0)?.stale).toBe(true);
  });

  it('is absent when no agent writes the condition, and bounds what a node wrote', () => {
    expect(cniConditionView(aNode('n1'), 'broken', T0)).toBeUndefined();
    expect(cniConditionView(withCni('False', { message: 'x'.repeat(100_000) }), 'broken', T0)?.message).toHaveLength(1024);
  });
});
