/**
 * Step lose-primary: the node as a fresh scale-up whose aws-node never got
 * ipamd serving (the missing-primary node of multus-boot-race), applied to
 * any node: its CNI config directory is empty, the kubelet reports the
 * network plugin not ready (with the not-ready taints), and its aws-node pod
 * crash-loops with the kubelet's BackOff and Unhealthy events. Pods already
 * running keep running (a config removed later does not tear down sandboxes).
 */
import { readyCondition, notReadyTaints } from '../builders/node';
import { applyPodState } from '../builders/pod';
import type { ObjectStore } from '../store';
import { awsNodeProbeFailed, backOffMessage } from './messages';
import type { NodeOps, NodeRuntime } from './node-ops';

export function losePrimary(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, at: number): void {
  const t = at - 60_000;
  const name = rt.plan.name;
  rt.history.record([], t);
  rt.cni = 'missing-primary';
  rt.brokenSince = t;
  ops.publishSnapshot(rt, at);
  store.update('nodes', name, (d) => {
    d.status.conditions = d.status.conditions.map((c) => (c.type === 'Ready' ? readyCondition(false, t, at) : c));
    d.spec.taints = [...(d.spec.taints ?? []).filter((x) => x.key !== 'node.kubernetes.io/not-ready'), ...notReadyTaints(t)];
  });
  const aws = ops.daemonPodOn(name, 'aws-node');
  if (!aws) return;
  const ns = aws.metadata.namespace ?? '';
  const restarts = Math.max(0, ...(aws.status.containerStatuses ?? []).map((c) => c.restartCount)) + 4;
  const pod = store.update('pods', `${ns}/${aws.metadata.name}`, (d) => applyPodState(d, { phase: 'crashloop', since: t + 30_000, restarts, last: { reason: 'Error', exitCode: 1, startedAt: at - 40_000, finishedAt: at - 10_000 } }, rt.plan.ip));
  const ref = { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', fieldPath: 'spec.containers{aws-node}' };
  const backOff = ops.createEvent({ namespace: ns, involved: ref, reason: 'BackOff', message: backOffMessage('aws-node', ns, pod.metadata.name, pod.metadata.uid), type: 'Warning', component: 'kubelet', host: name, first: t + 30_000, last: at - 5_000, count: 4 });
  ops.addRepeating(name, { eventKey: backOff });
  ops.createEvent({ namespace: ns, involved: ref, reason: 'Unhealthy', message: awsNodeProbeFailed(at - 15_000), type: 'Warning', component: 'kubelet', host: name, first: t + 5_000, last: at - 15_000, count: 9 });
}
