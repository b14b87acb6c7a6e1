/**
 * Seeds the added nodes of scale mode: Node objects, snapshot ConfigMaps,
 * one pod per DaemonSet per node, workload pods up to the pod target, stuck
 * pods with FailedCreatePodSandBox series on the broken nodes, and ordinary
 * pod events up to the event target. Pods of one workload share their spec
 * objects (the store never mutates a stored object, so sharing is safe):
 * every pod still serialises to its full, realistic size on the wire, but
 * 150,000 of them fit in a few GB of heap.
 */
import { controllerRef, nameSuffix, uidFor } from '../builders/meta';
import { buildNode } from '../builders/node';
import { buildPod, type PodState } from '../builders/pod';
import { podIPFor, type DeploymentPlan } from '../scenarios/fleet';
import type { NodeOps, NodeRuntime } from '../scenarios/node-ops';
import { historyFor } from '../scenarios/seed-nodes';
import { DAEMONSETS, deploymentTemplate } from '../scenarios/templates';
import type { ObjectStore } from '../store';
import type { Container, PodObject, PodTemplate } from '../types';
import { scaleDeployments, scaleNodePlans } from './fleet';
import type { ScaleOptions } from './options';

/** Pods stuck behind the broken config on each broken node. */
const STUCK_PER_BROKEN_NODE = 3;

const SIDECAR: Container = {
  name: 'log-shipper', image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2',
  env: [{ name: 'FLUENT_BIT_CONFIG', value: '/fluent-bit/etc/fluent-bit.conf' }, { name: 'AWS_REGION', value: 'eu-west-1' }],
  resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  volumeMounts: [{ name: 'varlog', mountPath: '/var/log', readOnly: true }, { name: 'fluent-bit-config', mountPath: '/fluent-bit/etc/' }],
  terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
};

interface Workload { plan: DeploymentPlan; rs: string; template: PodTemplate; owner: ReturnType<typeof controllerRef> }

function workloads(): Workload[] {
  return scaleDeployments().map((plan) => {
    const rs = `${plan.name}-${nameSuffix(`rs:${plan.namespace}/${plan.name}:${plan.rolledOut}`, 9)}`;
    const base = deploymentTemplate(plan, rs.slice(plan.name.length + 1));
    // Several containers per pod, as real workloads have: the app and a log shipper.
    const template: PodTemplate = { ...base, spec: { ...base.spec, containers: [...base.spec.containers, SIDECAR], volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }, { name: 'fluent-bit-config', configMap: { name: 'fluent-bit-config', defaultMode: 420 } }] } };
    return { plan, rs, template, owner: controllerRef('apps/v1', 'ReplicaSet', rs, uidFor(`rs:${plan.namespace}/${rs}`)) };
  });
}

function uniqueName(store: ObjectStore, ns: string, prefix: string, seed: string): string {
  for (let salt = 0; ; salt++) {
    const name = `${prefix}-${nameSuffix(`${seed}:${salt}`, 5)}`;
    if (!store.get('pods', `${ns}/${name}`)) return name;
  }
}

function seedNode(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, now: number): void {
  const { plan } = rt;
  const createdAt = now - plan.age;
  const stored = store.create('nodes', buildNode({ ...plan, createdAt, bootAt: createdAt - 60_000, heartbeatAt: now - ((plan.index * 37) % 290) * 1000, networkReady: true }));
  rt.uid = stored.metadata.uid;
  ops.publishSnapshot(rt, now - ((plan.index * 7) % 50) * 1000 - 5_000);
}

function seedDaemonPods(store: ObjectStore, rt: NodeRuntime, now: number): void {
  const node = rt.plan.name;
  const created = now - rt.plan.age + 5_000;
  for (const ds of DAEMONSETS) {
    const stored = store.get('daemonsets', `${ds.namespace}/${ds.name}`);
    if (!stored) continue;
    const name = uniqueName(store, ds.namespace, ds.name, `${ds.name}:${node}`);
    const hostNetwork = ds.template.spec.hostNetwork === true;
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
    const state: PodState = ds.name === 'kube-multus-ds' && rt.brokenSince !== undefined
      ? { phase: 'running', since: rt.brokenSince - 10_000, restarts: 1, last: { reason: 'OOMKilled', exitCode: 137, startedAt: created + 30_000, finishedAt: rt.brokenSince - 20_000 } }
      : { phase: 'running', since: created + 20_000 };
    store.create('pods', buildPod({
      name, namespace: ds.namespace, generateName: `${ds.name}-`, createdAt: created,
      labels: { ...ds.template.metadata.labels, 'controller-revision-hash': nameSuffix(`crh:${ds.name}`, 10), 'pod-template-generation': '1' },
      owner: controllerRef('apps/v1', 'DaemonSet', ds.name, stored.metadata.uid),
      nodeName: node, hostIP: rt.plan.ip, podIP: hostNetwork ? rt.plan.ip : podIPFor(rt.plan.ip, name),
      spec: { ...ds.template.spec, affinity }, state,
    }));
  }
}

function seedWorkloadPods(store: ObjectStore, ops: NodeOps, rt: NodeRuntime, perNode: number, all: Workload[], now: number, out: PodObject[]): void {
  const node = rt.plan.name;
  for (let k = 0; k < perNode; k++) {
    const w = all[(rt.plan.index * 7 + k) % all.length]!;
    const ns = w.plan.namespace;
    const stuck = rt.brokenSince !== undefined && k < STUCK_PER_BROKEN_NODE;
    const name = uniqueName(store, ns, w.rs, `${w.rs}:${node}:${k}`);
    const created = stuck ? rt.brokenSince! + 60_000 + k * 35_000 : now - w.plan.rolledOut + (rt.plan.index % 600) * 1000;
    const pod = store.create('pods', buildPod({
      name, namespace: ns, generateName: `${w.rs}-`, createdAt: created, labels: w.template.metadata.labels, owner: w.owner,
      nodeName: node, hostIP: rt.plan.ip, podIP: podIPFor(rt.plan.ip, name), spec: w.template.spec,
      state: stuck ? { phase: 'creating', since: created + 2_000 } : { phase: 'running', since: created + 12_000 },
    }));
    if (stuck) ops.startSandboxFailures(node, pod, created + 3_000, now - (k * 3 + 4) * 1000, 20 + Math.floor((now - created) / 120_000));
    else out.push(pod);
  }
}

/**
 * Container lifecycle events, re-reported by each container's latest restart:
 * an Event lives one --event-ttl (an hour) after its last update
 * (demo/event-ttl.ts), so a fleet's events are all from the last hour, not
 * from when its pods were created days ago. (No `Scheduled`: a pod is
 * scheduled once, so that event would be days old and long gone.)
 */
const LIFECYCLE = ['Pulled', 'Created', 'Started'] as const;
const WITHIN_THE_HOUR_MS = 55 * 60_000;

/** Round-robin over the running workload pods, until the target count. */
function seedEvents(store: ObjectStore, ops: NodeOps, pods: readonly PodObject[], target: number, now: number): string[] {
  const keys: string[] = [];
  for (let i = 0; store.count('events') < target && pods.length > 0; i++) {
    const pod = pods[i % pods.length]!;
    const step = Math.floor(i / pods.length) % LIFECYCLE.length;
    const reason = LIFECYCLE[step]!;
    const ns = pod.metadata.namespace ?? '';
    const node = pod.spec.nodeName ?? '';
    const app = pod.spec.containers[0]!;
    const at = Date.parse(pod.metadata.creationTimestamp) + 1_000 + step * 2_000 + Math.floor(i / pods.length / LIFECYCLE.length) * 1_000;
    const last = Math.max(at, now - ((i * 7_919) % WITHIN_THE_HOUR_MS));
    const message = reason === 'Pulled' ? `Container image "${app.image}" already present on machine` : `${reason} container ${app.name}`;
    const involved = { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1', fieldPath: `spec.containers{${app.name}}` };
    keys.push(ops.createEvent({ namespace: ns, involved, reason, message, type: 'Normal', component: 'kubelet', host: node, first: at, last, count: last > at ? 2 + (i % 3) : 1 }));
  }
  return keys;
}

export interface ScaleSeed {
  /** Keys of the seeded ordinary events: what the churn generator re-reports. */
  eventKeys: string[];
  nodes: NodeRuntime[];
}

export function seedScale(store: ObjectStore, ops: NodeOps, firstIndex: number, opts: ScaleOptions, now: number): ScaleSeed {
  const count = Math.max(0, opts.nodes - firstIndex);
  const plans = scaleNodePlans(count, firstIndex, opts.brokenRatio);
  const runtimes: NodeRuntime[] = plans.map((plan) => ({
    plan, uid: uidFor(`node:${plan.name}`), cni: plan.initial,
    ...(plan.brokenAgo !== undefined ? { brokenSince: now - plan.brokenAgo } : {}),
    history: historyFor(plan, now - plan.age, now), snapshotCreatedAt: now - plan.age + 40_000, lastCollectedAt: now,
  }));
  for (const rt of runtimes) seedNode(store, ops, rt, now);
  for (const rt of runtimes) seedDaemonPods(store, rt, now);
  const all = workloads();
  const room = Math.max(0, opts.pods - store.count('pods'));
  const perNode = count === 0 ? 0 : Math.floor(room / count);
  const extra = count === 0 ? 0 : room - perNode * count;
  const running: PodObject[] = [];
  runtimes.forEach((rt, i) => seedWorkloadPods(store, ops, rt, perNode + (i < extra ? 1 : 0), all, now, running));
  return { eventKeys: seedEvents(store, ops, running, opts.events, now), nodes: runtimes };
}
