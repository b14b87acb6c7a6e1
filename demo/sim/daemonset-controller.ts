/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node; a pod
 * that goes away is replaced on its node (new name and uid, restartCount 0,
 * Pending until the kubelet starts it); a template change (new
 * metadata.generation) rolls the pods with RollingUpdate maxSurge 0 /
 * maxUnavailable 1: an outdated pod is deleted only while no other pod of the
 * set is unavailable, its replacement must be Ready before the next goes.
 * Status counters follow the pods.
 */
import { randomUUID } from 'node:crypto';
import { iso, nameSuffix } from '../builders/meta';
import { podStatusFor } from '../builders/pod';
import { daemonSetStatusFrom } from '../builders/workload';
import type { Change } from '../store';
import type { DaemonSetObject, PodObject } from '../types';
import { randomSuffix } from '../writes/engine';
import { isReady, isTerminal, podKey, type World } from './world';


function maxUnavailable(ds: DaemonSetObject, nodes: number): number {
  const v = (ds.spec.updateStrategy.rollingUpdate as { maxUnavailable?: number | string } | undefined)?.maxUnavailable ?? 1;
  if (typeof v === 'number') return Math.max(1, v);
  const pct = /^(\d+)%$/.exec(v);
  return Math.max(1, pct ? Math.floor((Number(pct[1]) * nodes) / 100) : Number(v) || 1);
}

export class DaemonSetController {
  private readonly queued = new Set<string>();

  constructor(private readonly w: World) {}

  onChange(change: Change): void {
    if (change.resource === 'daemonsets') return this.enqueue(change.key);
    const owner = (change.object as PodObject).metadata.ownerReferences?.find((o) => o.kind === 'DaemonSet');
    if (owner) this.enqueue(`${change.object.metadata.namespace}/${owner.name}`);
  }

  private enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.w.timers.after(this.w.timing.controllerMs, 'daemonset sync', () => {
      this.queued.delete(key);
      this.sync(key);
    });
  }

  private sync(key: string): void {
    const ds = this.w.store.get('daemonsets', key);
    if (!ds) return;
    const generation = String(ds.metadata.generation ?? 1);
    const own = this.w.store.list('pods').filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === ds.metadata.uid) && !isTerminal(p));
    const nodes = this.w.store.list('nodes').map((n) => n.metadata.name);
    const byNode = new Map(own.map((p) => [p.spec.nodeName ?? '', p]));
    for (const node of nodes) if (!byNode.has(node)) this.createPod(ds, node);
    const updated = (p: PodObject): boolean => p.metadata.labels?.['pod-template-generation'] === generation;
    const unavailable = nodes.filter((n) => {
      const p = byNode.get(n);
      return !p || p.metadata.deletionTimestamp || !isReady(p);
    }).length;
    const outdated = own.filter((p) => !updated(p) && !p.metadata.deletionTimestamp);
    // Unavailable outdated pods go first and cost nothing; then one available pod per free slot.
    let budget = maxUnavailable(ds, nodes.length) - unavailable;
    for (const p of [...outdated.filter((p) => !isReady(p)), ...outdated.filter(isReady)]) {
      if (isReady(p)) {
        if (budget <= 0) break;
        budget--;
      }
      this.deletePod(ds, p);
    }
    const status = daemonSetStatusFrom(ds, own);
    if (JSON.stringify(status) !== JSON.stringify(ds.status)) this.w.store.update('daemonsets', key, (d) => { d.status = status; });
  }

  private createPod(ds: DaemonSetObject, node: string): void {
    const rt = this.w.nodes.get(node);
    const at = this.w.now();
    const t = ds.spec.template;
    const generation = String(ds.metadata.generation ?? 1);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } };
    const spec = { ...structuredClone(t.spec), affinity, nodeName: node, serviceAccount: t.spec.serviceAccountName, priority: t.spec.priorityClassName === 'system-node-critical' ? 2000001000 : 0 };
    const name = `${ds.metadata.name}-${randomSuffix()}`;
    const ns = ds.metadata.namespace ?? '';
    const meta = {
      name, namespace: ns, generateName: `${ds.metadata.name}-`, uid: randomUUID(), resourceVersion: '', creationTimestamp: iso(at),
      labels: { ...t.metadata.labels, 'controller-revision-hash': nameSuffix(`crh:${ds.metadata.name}:${JSON.stringify(t)}`, 10), 'pod-template-generation': generation },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }],
    };
    const draft = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
    const ip = rt?.plan.ip ?? '';
    const pod = this.w.store.create('pods', { ...draft, status: { ...podStatusFor(draft, ip, t.spec.hostNetwork ? ip : '', { phase: 'creating', since: at }), startTime: iso(at) } });
    const dsRef = { kind: 'DaemonSet', namespace: ns, name: ds.metadata.name, uid: ds.metadata.uid, apiVersion: 'apps/v1' };
    this.w.ops.createEvent({ namespace: ns, involved: dsRef, reason: 'SuccessfulCreate', message: `Created pod: ${name}`, type: 'Normal', component: 'daemonset-controller', first: at });
    this.w.ops.createEvent({ namespace: ns, involved: { kind: 'Pod', namespace: ns, name, uid: pod.metadata.uid, apiVersion: 'v1' }, reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ${node}`, type: 'Normal', component: 'default-scheduler', first: at });
  }

  private deletePod(ds: DaemonSetObject, p: PodObject): void {
    const at = this.w.now();
    const grace = p.spec.terminationGracePeriodSeconds ?? 30;
    this.w.store.update('pods', podKey(p), (d) => {
      d.metadata.deletionTimestamp = iso(at + grace * 1000);
      (d.metadata as PodObject['metadata'] & { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds = grace;
    });
    const ns = ds.metadata.namespace ?? '';
    this.w.ops.createEvent({ namespace: ns, involved: { kind: 'DaemonSet', namespace: ns, name: ds.metadata.name, uid: ds.metadata.uid, apiVersion: 'apps/v1' }, reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name}`, type: 'Normal', component: 'daemonset-controller', first: at });
  }
}
