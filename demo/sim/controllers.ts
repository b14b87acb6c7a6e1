/**
 * The smaller controllers of kube-controller-manager the demo needs:
 * - ReplicaSet: a pod of a ReplicaSet that starts terminating (or is deleted
 *   outright) is replaced at once by a new pod (new name), bound by the
 *   "scheduler" to its old node if that is schedulable, else to the
 *   schedulable node with the fewest pods.
 * - Node lifecycle: `spec.unschedulable` gets the taint
 *   node.kubernetes.io/unschedulable:NoSchedule, and loses it on uncordon.
 * - Disruption: PodDisruptionBudget status follows the pods.
 */
import { randomUUID } from 'node:crypto';
import { iso } from '../builders/meta';
import { podStatusFor } from '../builders/pod';
import type { Change } from '../store';
import type { NodeObject, PodObject } from '../types';
import { randomSuffix } from '../writes/engine';
import { pdbStatus } from '../writes/pdb';
import { NETWORKS_ANNOTATION } from './networks';
import { isTerminal, ownerOf, type World } from './world';

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

function schedulable(n: NodeObject, pod: PodObject): boolean {
  if (n.spec.unschedulable) return false;
  const tolerated = (key: string): boolean => (pod.spec.tolerations ?? []).some((t) => t.operator === 'Exists' && (t.key === undefined || t.key === key));
  return !(n.spec.taints ?? []).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(t.key));
}

export class ReplicaSetController {
  private readonly replaced = new Set<string>();

  constructor(private readonly w: World) {}

  onPodChange(change: Change): void {
    const pod = (change.prev ?? change.object) as PodObject;
    const rs = ownerOf(pod, 'ReplicaSet');
    if (!rs || isTerminal(pod) || this.replaced.has(pod.metadata.uid)) return;
    const terminating = change.type === 'MODIFIED' && (change.object as PodObject).metadata.deletionTimestamp && !(change.prev as PodObject | undefined)?.metadata.deletionTimestamp;
    if (!terminating && change.type !== 'DELETED') return;
    this.replaced.add(pod.metadata.uid);
    this.w.timers.after(this.w.timing.controllerMs, 'replicaset sync', () => this.replace(pod, rs));
  }

  private replace(old: PodObject, rs: { name: string; uid: string }): void {
    const at = this.w.now();
    const nodes = this.w.store.list('nodes').filter((n) => schedulable(n, old));
    const load = (n: NodeObject): number => this.w.ops.podsOn(n.metadata.name).length;
    const node = nodes.find((n) => n.metadata.name === old.spec.nodeName) ?? [...nodes].sort((a, b) => load(a) - load(b))[0];
    const ns = old.metadata.namespace ?? '';
    const rsRef = { kind: 'ReplicaSet', namespace: ns, name: rs.name, uid: rs.uid, apiVersion: 'apps/v1' };
    const name = `${rs.name}-${randomSuffix()}`;
    const { nodeName: _n, ...spec } = structuredClone(old.spec);
    const meta = {
      name, namespace: ns, generateName: `${rs.name}-`, uid: randomUUID(), resourceVersion: '', creationTimestamp: iso(at),
      labels: { ...old.metadata.labels }, ownerReferences: structuredClone(old.metadata.ownerReferences ?? []),
      // From the pod template (the networks a pod asks for); what Multus wrote about the old pod stays with it.
      ...(old.metadata.annotations?.[NETWORKS_ANNOTATION] ? { annotations: { [NETWORKS_ANNOTATION]: old.metadata.annotations[NETWORKS_ANNOTATION] } } : {}),
    };
    if (!node) {
      // Nowhere to go: Pending and unscheduled, as the scheduler leaves it.
      const draft = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: spec as PodObject['spec'] };
      this.w.store.create('pods', { ...draft, status: { phase: 'Pending', qosClass: old.status.qosClass, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null, lastTransitionTime: iso(at), message: '0/12 nodes are available.' }] } });
      return;
    }
    const rt = this.w.nodes.get(node.metadata.name);
    const draft = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { ...spec, nodeName: node.metadata.name } as PodObject['spec'] };
    const pod = this.w.store.create('pods', { ...draft, status: podStatusFor(draft, rt?.plan.ip ?? '', '', { phase: 'creating', since: at }) });
    this.w.ops.createEvent({ namespace: ns, involved: rsRef, reason: 'SuccessfulCreate', message: `Created pod: ${name}`, type: 'Normal', component: 'replicaset-controller', first: at });
    this.w.ops.createEvent({ namespace: ns, involved: { kind: 'Pod', namespace: ns, name, uid: pod.metadata.uid, apiVersion: 'v1' }, reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ${node.metadata.name}`, type: 'Normal', component: 'default-scheduler', first: at });
  }
}

export class NodeLifecycleController {
  constructor(private readonly w: World) {}

  onNodeChange(change: Change): void {
    if (change.type !== 'MODIFIED') return;
    this.w.timers.after(this.w.timing.controllerMs, 'node taints', () => this.sync(change.key));
  }

  private sync(name: string): void {
    const node = this.w.store.get('nodes', name);
    if (!node) return;
    const has = (node.spec.taints ?? []).some((t) => t.key === UNSCHEDULABLE_TAINT);
    const want = node.spec.unschedulable === true;
    if (has === want) return;
    this.w.store.update('nodes', name, (d) => {
      const rest = (d.spec.taints ?? []).filter((t) => t.key !== UNSCHEDULABLE_TAINT);
      const taints = want ? [...rest, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' as const, timeAdded: iso(this.w.now()) }] : rest;
      if (taints.length) d.spec.taints = taints;
      else delete d.spec.taints;
    });
  }
}

export class DisruptionController {
  private queued = false;

  constructor(private readonly w: World) {}

  onChange(): void {
    if (this.queued) return;
    this.queued = true;
    this.w.timers.after(this.w.timing.controllerMs, 'disruption sync', () => {
      this.queued = false;
      this.sync();
    });
  }

  sync(): void {
    const pods = this.w.store.list('pods');
    for (const pdb of this.w.store.list('poddisruptionbudgets')) {
      const next = pdbStatus(pdb, pods, this.w.now());
      const cmp = (s: typeof next): string => JSON.stringify({ ...s, conditions: s.conditions?.map((c) => ({ ...c, lastTransitionTime: '' })) });
      if (cmp(next) !== cmp(pdb.status)) this.w.store.update('poddisruptionbudgets', `${pdb.metadata.namespace}/${pdb.metadata.name}`, (d) => { d.status = next; });
    }
  }
}
