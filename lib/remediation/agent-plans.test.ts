import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { T0, aMultusPod, aNode, aPod, aSnapshot, at, healthySnapshot } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';
import { planRestartPrimaryCniPod } from './agent-plans';
import { accessChecks } from './plan';
import { nodeActionIds } from './planner';

const awsNode = (over: Partial<PodModel> = {}): PodModel => aPod('aws-node-k2x9p', 'n1', {
  namespace: 'kube-system', uid: 'aws-uid-12345678',
  owner: { kind: 'DaemonSet', name: 'aws-node', uid: 'ds', controller: true },
  containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.18.3', ready: true, restartCount: 0, state: 'running' }],
  ...over,
});
const crashing = awsNode({ ready: false, containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.18.3', ready: false, restartCount: 8, state: 'waiting', reason: 'CrashLoopBackOff', lastTermination: { reason: 'Error', exitCode: 1, finishedAt: at(-2) } }] });
const notReady = aNode('n1', { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' }] });

function diagnosis(pods: PodModel[], snapshot = aSnapshot('n1', []), node = notReady) {
  return diagnoseCluster({ nodes: [node], pods, events: [], snapshots: [snapshot], now: T0 }).nodes[0]!;
}

describe('planRestartPrimaryCniPod', () => {
  it('deletes exactly the crash-looping agent pod (uid precondition) and verifies a new one ready with the config back', () => {
    const plan = planRestartPrimaryCniPod(diagnosis([crashing, aMultusPod('n1')]));
    expect(plan.blocked).toBeUndefined();
    expect(plan.warnings).toEqual([]);
    expect(plan.confirmText).toBe('n1');
    expect(plan.calls).toHaveLength(1);
    expect(plan.calls[0]).toMatchObject({ verb: 'delete', target: { group: '', resource: 'pods', namespace: 'kube-system', name: 'aws-node-k2x9p' }, body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'aws-uid-12345678' } } });
    expect(plan.verify).toEqual({ kind: 'primary-agent-ready', node: 'n1', namespace: 'kube-system', daemonSet: 'aws-node', replacedUid: 'aws-uid-12345678' });
    expect(accessChecks(plan)).toEqual([{ verb: 'delete', group: '', resource: 'pods', subresource: undefined, namespace: 'kube-system', name: 'aws-node-k2x9p' }]);
  });

  it('is blocked without an agent pod on the node, or with one no DaemonSet controls', () => {
    expect(planRestartPrimaryCniPod(diagnosis([aMultusPod('n1')])).blocked).toMatch(/No primary CNI agent/);
    const bare = awsNode({ owner: { kind: 'DaemonSet', name: 'aws-node', uid: 'ds', controller: false } });
    expect(planRestartPrimaryCniPod(diagnosis([bare])).blocked).toMatch(/not controlled by a DaemonSet/);
  });

  it('warns before restarting an agent that is running and ready', () => {
    expect(planRestartPrimaryCniPod(diagnosis([awsNode()], healthySnapshot('n1'), aNode('n1'))).warnings[0]).toMatch(/is running and ready/);
  });

  it('is what the node page offers for a crash-looping agent, and Multus restarts are not', () => {
    const ids = nodeActionIds(diagnosis([crashing, aMultusPod('n1')]));
    expect(ids.find((a) => a.id === 'restart-primary-cni-pod')?.fromFindings).toEqual(['primary-cni-agent-unhealthy', 'cni-config-missing', 'network-plugin-not-ready']);
    expect(ids.map((a) => a.id)).not.toContain('restart-multus-pod');
  });
});
