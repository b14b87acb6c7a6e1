/**
 * Seeds DaemonSets, their per-node pods, the workload pods (ReplicaSet-owned)
 * and the pod events of multus-boot-race. On the nested nodes the workloads
 * are the replacements of the evicted pods: created after Multus broke, they
 * never got a sandbox. Events older than the API server's 1h TTL are left out.
 */
import { DAY, MINUTE, controllerRef, nameSuffix, uidFor } from '../builders/meta';
import { buildPod, type PodState } from '../builders/pod';
import { buildDaemonSet } from '../builders/workload';
import type { ObjectStore } from '../store';
import type { PodObject, PodTemplate } from '../types';
import { DEPLOYMENTS, podIPFor, replicaSetName, schedulableNodes, type DeploymentPlan } from './fleet';
import { awsNodeProbeFailed, backOffMessage, evictionMessage, NETWORK_NOT_READY_EVENT } from './messages';
import { attachNetworks } from '../sim/networks';
import type { NodeOps, NodeRuntime } from './node-ops';
import { DAEMONSETS, deploymentTemplate, type DaemonSetPlan } from './templates';

function dsPodState(ds: string, rt: NodeRuntime, created: number, now: number): PodState {
  const missing = rt.plan.initial === 'missing-primary';
  if (ds === 'aws-node' && missing) {
    return { phase: 'crashloop', since: now - 150_000, restarts: 8, last: { reason: 'Error', exitCode: 1, startedAt: now - 180_000, finishedAt: now - 150_000 } };
  }
  if ((ds === 'ebs-csi-node' || ds === 'cni-health-prober') && missing) return { phase: 'creating', since: created + 2_000 };
  if (ds === 'kube-multus-ds' && rt.brokenSince !== undefined) {
    return { phase: 'running', since: rt.brokenSince - 10_000, restarts: 1, last: { reason: 'OOMKilled', exitCode: 137, startedAt: created + 30_000, finishedAt: rt.brokenSince - 20_000 } };
  }
  return { phase: 'running', since: created + 20_000 };
}

function podSpec(t: PodTemplate, node?: string): PodTemplate['spec'] {
  if (!node) return structuredClone(t.spec);
  // The DaemonSet controller pins each pod to its node with a matchFields affinity.
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
  return { ...structuredClone(t.spec), affinity };
}

function seedDaemonSet(store: ObjectStore, ops: NodeOps, plan: DaemonSetPlan, nodes: NodeRuntime[], now: number): void {
  const ds = store.create('daemonsets', buildDaemonSet({
    name: plan.name, namespace: plan.namespace, createdAt: now - (plan.namespace === 'cni-health' ? 20 : 23) * DAY,
    labels: plan.labels, selector: plan.selector, template: plan.template,
  }));
  const revisionHash = nameSuffix(`crh:${plan.name}`, 10);
  for (const rt of nodes) {
    const node = rt.plan.name;
    const created = now - rt.plan.age + 5_000;
    const name = `${plan.name}-${nameSuffix(`${plan.name}:${node}`, 5)}`;
    const hostNetwork = plan.template.spec.hostNetwork === true;
    const pod = store.create('pods', buildPod({
      name, namespace: plan.namespace, generateName: `${plan.name}-`, createdAt: created,
      labels: { ...plan.template.metadata.labels, 'controller-revision-hash': revisionHash, 'pod-template-generation': '1' },
      owner: controllerRef('apps/v1', 'DaemonSet', plan.name, ds.metadata.uid),
      nodeName: node, hostIP: rt.plan.ip, podIP: hostNetwork ? rt.plan.ip : podIPFor(rt.plan.ip, name),
      spec: podSpec(plan.template, node), state: dsPodState(plan.name, rt, created, now),
    }));
    if (now - created < 60 * MINUTE) seedCreationEvents(ops, pod, node, created, { kind: 'DaemonSet', name: plan.name, uid: ds.metadata.uid });
    seedDaemonPodEvents(ops, rt, plan.name, pod, now);
  }
}

function seedCreationEvents(ops: NodeOps, pod: PodObject, node: string, created: number, owner: { kind: string; name: string; uid: string }): void {
  const ns = pod.metadata.namespace ?? '';
  const controller = owner.kind === 'DaemonSet' ? 'daemonset-controller' : 'replicaset-controller';
  ops.createEvent({ namespace: ns, involved: { kind: owner.kind, namespace: ns, name: owner.name, uid: owner.uid, apiVersion: 'apps/v1' }, reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, type: 'Normal', component: controller, first: created });
  ops.createEvent({ namespace: ns, involved: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1' }, reason: 'Scheduled', message: `Successfully assigned ${ns}/${pod.metadata.name} to ${node}`, type: 'Normal', component: 'default-scheduler', first: created + 1_000 });
}

function seedDaemonPodEvents(ops: NodeOps, rt: NodeRuntime, ds: string, pod: PodObject, now: number): void {
  const node = rt.plan.name;
  const ns = pod.metadata.namespace ?? '';
  const ref = (container?: string): { kind: string; namespace: string; name: string; uid: string; apiVersion: string; fieldPath?: string } =>
    ({ kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', ...(container ? { fieldPath: `spec.containers{${container}}` } : {}) });
  const created = Date.parse(pod.metadata.creationTimestamp);
  if (ds === 'kube-multus-ds' && rt.brokenSince !== undefined) {
    const at = rt.brokenSince - 10_000;
    const image = pod.spec.containers[0]?.image ?? '';
    ops.createEvent({ namespace: ns, involved: ref('kube-multus'), reason: 'Pulled', message: `Container image "${image}" already present on machine`, type: 'Normal', component: 'kubelet', host: node, first: at - 1_000, last: at - 1_000, count: 1 });
    ops.createEvent({ namespace: ns, involved: ref('kube-multus'), reason: 'Created', message: 'Created container kube-multus', type: 'Normal', component: 'kubelet', host: node, first: at - 500 });
    ops.createEvent({ namespace: ns, involved: ref('kube-multus'), reason: 'Started', message: 'Started container kube-multus', type: 'Normal', component: 'kubelet', host: node, first: at });
  }
  if (rt.plan.initial !== 'missing-primary') return;
  if (ds === 'aws-node') {
    const backOff = ops.createEvent({ namespace: ns, involved: ref('aws-node'), reason: 'BackOff', message: backOffMessage('aws-node', ns, pod.metadata.name, pod.metadata.uid), type: 'Warning', component: 'kubelet', host: node, first: created + 4 * MINUTE, last: now - 20_000, count: 87 });
    ops.addRepeating(node, { eventKey: backOff });
    ops.createEvent({ namespace: ns, involved: ref('aws-node'), reason: 'Unhealthy', message: awsNodeProbeFailed(now - 160_000 - 5_000), type: 'Warning', component: 'kubelet', host: node, first: created + 40_000, last: now - 160_000, count: 118 });
  }
  if (ds === 'ebs-csi-node' || ds === 'cni-health-prober') {
    const key = ops.createEvent({ namespace: ns, involved: ref(), reason: 'NetworkNotReady', message: NETWORK_NOT_READY_EVENT, type: 'Warning', component: 'kubelet', host: node, first: created + 2_000, last: now - 9_000, count: 25 + Math.floor((now - created) / (5 * MINUTE)) });
    ops.addRepeating(node, { eventKey: key });
  }
}

function seedDeployment(store: ObjectStore, ops: NodeOps, d: DeploymentPlan, nodes: Map<string, NodeRuntime>, slot: { next: number; stuck: Map<string, number> }, now: number): void {
  const rs = replicaSetName(d);
  const hash = rs.slice(d.name.length + 1);
  const rsUid = uidFor(`rs:${d.namespace}/${rs}`);
  const template = deploymentTemplate(d, hash);
  const owner = controllerRef('apps/v1', 'ReplicaSet', rs, rsUid);
  const targets = schedulableNodes();
  for (let r = 0; r < d.replicas; r++) {
    const plan = targets[slot.next++ % targets.length];
    const rt = plan && nodes.get(plan.name);
    if (!plan || !rt) continue;
    const base = { namespace: d.namespace, generateName: `${rs}-`, labels: template.metadata.labels, ...(template.metadata.annotations ? { annotations: { ...template.metadata.annotations } } : {}), owner, nodeName: plan.name, hostIP: plan.ip, spec: podSpec(template) };
    const rolledOut = now - d.rolledOut + r * 20_000;
    if (rt.brokenSince === undefined) {
      const name = `${rs}-${nameSuffix(`${rs}:${r}`, 5)}`;
      const podIP = podIPFor(plan.ip, name);
      store.create('pods', withNetworkStatus(buildPod({ ...base, name, createdAt: rolledOut, podIP, state: { phase: 'running', since: rolledOut + 12_000 } }), rt, podIP));
      continue;
    }
    const nth = slot.stuck.get(plan.name) ?? 0;
    slot.stuck.set(plan.name, nth + 1);
    if (nth === 0) seedEvicted(store, ops, d, base, `${rs}-${nameSuffix(`${rs}:${r}`, 5)}`, rolledOut, rt.brokenSince);
    const created = rt.brokenSince + 60_000 + nth * 35_000;
    const name = `${rs}-${nameSuffix(`${rs}:${r}:replacement`, 5)}`;
    const pod = store.create('pods', buildPod({ ...base, name, createdAt: created, podIP: podIPFor(plan.ip, name), state: { phase: 'creating', since: created + 2_000 } }));
    seedCreationEvents(ops, pod, plan.name, created, { kind: 'ReplicaSet', name: rs, uid: rsUid });
    ops.startSandboxFailures(plan.name, pod, created + 3_000, now - (nth * 3 + 4) * 1000, 20 + Math.floor((now - created) / (2 * MINUTE)));
  }
}

type PodBase = Pick<Parameters<typeof buildPod>[0], 'namespace' | 'generateName' | 'labels' | 'annotations' | 'owner' | 'nodeName' | 'hostIP' | 'spec'>;

/** A running pod as Multus left it on its node (lib: demo/sim/networks.ts). */
function withNetworkStatus(pod: PodObject, rt: NodeRuntime, podIP: string): PodObject {
  attachNetworks(pod, rt.history.current()?.files ?? [], podIP);
  return pod;
}

/** The pod the kubelet evicted under memory pressure; Failed pods stay until the pod GC collects them. */
function seedEvicted(store: ObjectStore, ops: NodeOps, d: DeploymentPlan, base: PodBase, name: string, created: number, broke: number): void {
  const at = broke - 90_000;
  const message = evictionMessage(d.name, 1_451_208, d.requests.memory);
  const pod = store.create('pods', buildPod({ ...base, name, createdAt: created, podIP: podIPFor(base.hostIP, name), state: { phase: 'evicted', at, message } }));
  const ref = { kind: 'Pod', namespace: d.namespace, name, uid: pod.metadata.uid, apiVersion: 'v1' };
  ops.createEvent({ namespace: d.namespace, involved: ref, reason: 'Evicted', message, type: 'Warning', component: 'kubelet', host: base.nodeName, first: at });
  ops.createEvent({ namespace: d.namespace, involved: { ...ref, fieldPath: `spec.containers{${d.name}}` }, reason: 'Killing', message: `Stopping container ${d.name}`, type: 'Normal', component: 'kubelet', host: base.nodeName, first: at + 1_000 });
}

export function seedWorkloads(store: ObjectStore, ops: NodeOps, nodes: Map<string, NodeRuntime>, now: number): void {
  for (const plan of DAEMONSETS) seedDaemonSet(store, ops, plan, [...nodes.values()], now);
  const slot = { next: 0, stuck: new Map<string, number>() };
  for (const d of DEPLOYMENTS) seedDeployment(store, ops, d, nodes, slot, now);
  ops.refreshDaemonSets(now);
}
