import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { T0, aMultusPod, aNode, aSandboxFailure, aStuckPod, at, healthySnapshot, nestedSnapshot } from '@/lib/testing/models';
import { repairVerificationState } from './verify-repair';

const v = { kind: 'config-repaired' as const, node: 'n1', ruleId: 'multus-nested-delegates' };
const oomKilled = aMultusPod('n1', { containers: [{ name: 'kube-multus', image: 'multus-cni:v4.0.2', ready: true, restartCount: 1, state: 'running', lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: at(-20) } }] });

describe('repairVerificationState', () => {
  it('is done once the config is no longer nested and nothing is stuck, whatever the Multus pod went through before', () => {
    const d = diagnoseCluster({ nodes: [aNode('n1')], pods: [oomKilled], events: [], snapshots: [healthySnapshot('n1')], now: T0 }).nodes[0]!;
    expect(d.findings.map((f) => f.ruleId)).toContain('multus-pod-unhealthy');
    expect(repairVerificationState(d, v)).toEqual({ done: true, seen: expect.stringMatching(/^config no longer self-nested, degraded, 0 stuck pods/) });
  });

  it('is not done while the node is still nested or a pod is still stuck', () => {
    const stuck = aStuckPod('web-1', 'n1', -5);
    const nested = diagnoseCluster({ nodes: [aNode('n1')], pods: [aMultusPod('n1'), stuck], events: [aSandboxFailure(stuck)], snapshots: [nestedSnapshot('n1')], now: T0 }).nodes[0]!;
    expect(repairVerificationState(nested, v)).toEqual({ done: false, seen: expect.stringMatching(/^multus-nested-delegates still there, broken, 1 stuck pod/) });
    const stillStuck = diagnoseCluster({ nodes: [aNode('n1')], pods: [aMultusPod('n1'), stuck], events: [aSandboxFailure(stuck)], snapshots: [healthySnapshot('n1')], now: T0 }).nodes[0]!;
    expect(repairVerificationState(stillStuck, v).done).toBe(false);
    expect(repairVerificationState(undefined, v)).toEqual({ done: false, seen: 'node not found' });
  });
});
