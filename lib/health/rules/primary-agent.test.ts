import { describe, expect, it } from 'vitest';
import { T0, aMultusPod, aNode, aPod, aSnapshot, at, healthySnapshot, rolledOut } from '@/lib/testing/models';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { PodModel } from '@/lib/model/pod';
import { diagnoseFleet } from '../diagnose';

const now = T0;

function awsNode(node: string, over: Partial<PodModel> = {}): PodModel {
  return aPod(`aws-node-${node.slice(0, 4)}`, node, {
    namespace: 'kube-system',
    owner: { kind: 'DaemonSet', name: 'aws-node', uid: 'ds-aws', controller: true },
    containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.3', ready: true, restartCount: 0, state: 'running' }],
    ...over,
  });
}

const crashLooping = (node: string): PodModel => awsNode(node, {
  createdAt: at(-20),
  ready: false,
  readyTransitionAt: at(-20),
  containers: [{
    name: 'aws-node', image: 'amazon-k8s-cni:v1.18.3', ready: false, restartCount: 8, state: 'waiting', reason: 'CrashLoopBackOff',
    lastTermination: { reason: 'Error', exitCode: 1, finishedAt: at(-3) },
  }],
});

function event(pod: PodModel, reason: string, message: string, count: number): EventModel {
  return {
    namespace: pod.namespace, name: `${pod.name}.${reason}`, uid: `ev-${reason}`, resourceVersion: '1', type: 'Warning', reason, message,
    involved: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: pod.uid }, count, firstSeen: at(-19), lastSeen: at(-1), host: pod.nodeName,
  };
}

const AWS_DS: DaemonSetModel = {
  namespace: 'kube-system', name: 'aws-node', uid: 'ds-aws', resourceVersion: '1', labels: {},
  containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.18.3', command: [], args: [], requests: { cpu: '25m' }, limits: {} }], initContainers: [],
  ...rolledOut(3),
};
const notReadyNode = (name: string) => aNode(name, { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' }] });
const emptyDir = (node: string) => aSnapshot(node, []);

describe('rule primary-cni-agent', () => {
  it('names a crash-looping aws-node as the cause of the missing config, with its termination, probe failures and back-offs', () => {
    const pod = crashLooping('n1');
    const [d] = diagnoseFleet({
      nodes: [notReadyNode('n1')],
      pods: [pod, aMultusPod('n1')],
      events: [event(pod, 'Unhealthy', 'Readiness probe failed: timeout: failed to connect service ":50051" within 5s', 118), event(pod, 'BackOff', 'Back-off restarting failed container aws-node', 87)],
      snapshots: [emptyDir('n1')],
      daemonsets: [AWS_DS],
      now,
    });
    const agent = d!.findings[0]!;
    expect(agent).toMatchObject({ ruleId: 'primary-cni-agent-unhealthy', severity: 'error', title: 'The aws-node pod is crash-looping (CrashLoopBackOff)', remediations: ['restart-primary-cni-pod'] });
    expect(agent.evidence[0]).toEqual({ pod: `kube-system/${pod.name}`, message: 'phase Running (CrashLoopBackOff), not ready; 8 restarts; last terminated: Error (exit code 1)', at: at(-3) });
    expect(agent.evidence.map((e) => e.message?.split(' ')[0])).toEqual(['phase', 'Unhealthy', 'BackOff']);
    const missing = d!.findings.find((f) => f.ruleId === 'cni-config-missing')!;
    expect(missing.cause).toEqual({ ruleId: 'primary-cni-agent-unhealthy', title: agent.title });
    expect(missing.remediations).toEqual(['restart-primary-cni-pod']);
    expect(d!.findings.find((f) => f.ruleId === 'network-plugin-not-ready')!.cause?.ruleId).toBe('primary-cni-agent-unhealthy');
  });

  it('calls an agent killed for memory OOM-killed', () => {
    const pod = awsNode('n1', { ready: false, containers: [{ name: 'aws-node', image: 'x', ready: false, restartCount: 3, state: 'waiting', reason: 'CrashLoopBackOff', lastTermination: { reason: 'OOMKilled', exitCode: 137, finishedAt: at(-1) } }] });
    const [d] = diagnoseFleet({ nodes: [aNode('n1')], pods: [pod], events: [], snapshots: [healthySnapshot('n1')], now });
    expect(d!.findings[0]).toMatchObject({ ruleId: 'primary-cni-agent-unhealthy', title: 'The aws-node pod was OOM-killed and is not running' });
  });

  it('reports a missing agent only where its DaemonSet exists and the node shows the absence', () => {
    const input = { nodes: [notReadyNode('n1')], pods: [], events: [], snapshots: [emptyDir('n1')], now };
    expect(diagnoseFleet(input)[0]!.findings.map((f) => f.ruleId)).not.toContain('primary-cni-agent-missing');
    const [d] = diagnoseFleet({ ...input, daemonsets: [AWS_DS] });
    expect(d!.findings[0]).toMatchObject({ ruleId: 'primary-cni-agent-missing', severity: 'error', remediations: [] });
    // A node with its config and a ready kubelet is not missing anything it needs.
    expect(diagnoseFleet({ ...input, nodes: [aNode('n1')], snapshots: [healthySnapshot('n1')], daemonsets: [AWS_DS] })[0]!.findings).toEqual([]);
  });

  it('stays quiet on healthy agents of every major CNI, and on one still starting', () => {
    const agents: Array<[string, string]> = [['aws-node', 'aws-node'], ['calico-node', 'calico-node'], ['cilium', 'cilium-agent'], ['kube-flannel-ds', 'kube-flannel'], ['ovnkube-node', 'ovnkube-controller'], ['rke2-canal', 'calico-node'], ['antrea-agent', 'antrea-agent']];
    for (const [ds, container] of agents) {
      const pod = aPod(`${ds}-x1`, 'n1', { namespace: 'kube-system', owner: { kind: 'DaemonSet', name: ds, uid: ds, controller: true }, containers: [{ name: container, image: 'i', ready: true, restartCount: 0, state: 'running' }] });
      const [d] = diagnoseFleet({ nodes: [aNode('n1')], pods: [pod], events: [], snapshots: [healthySnapshot('n1')], now });
      expect(d!.verdict, ds).toBe('healthy');
    }
    const starting = awsNode('n1', { createdAt: at(-0.5), ready: false, readyTransitionAt: at(-0.5), containers: [{ name: 'aws-node', image: 'i', ready: false, restartCount: 0, state: 'running' }] });
    expect(diagnoseFleet({ nodes: [aNode('n1')], pods: [starting], events: [], snapshots: [healthySnapshot('n1')], now })[0]!.verdict).toBe('healthy');
  });

  it('ignores events of an earlier pod of the same name', () => {
    const pod = crashLooping('n1');
    const old = { ...event(pod, 'Unhealthy', 'Readiness probe failed: old', 5), involved: { kind: 'Pod', namespace: pod.namespace, name: pod.name, uid: 'another-uid' } };
    const [d] = diagnoseFleet({ nodes: [aNode('n1')], pods: [pod], events: [old], snapshots: [healthySnapshot('n1')], now });
    expect(d!.findings[0]!.evidence).toHaveLength(1);
  });
});
