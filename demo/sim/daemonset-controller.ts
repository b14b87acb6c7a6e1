/**
 * The DaemonSet controller (pkg/controller/daemon), reacting controllerMs
 * after a change, never inside the write that caused it: a spec change is
 * answered by the API server with the new metadata.generation and the old
 * status, and only this controller moves status.observedGeneration.
 * - Manage loop: one pod per node; a node without one gets a new pod (new
 *   name and uid, Pending until the kubelet starts it), once its old pod is
 *   gone.
 * - RollingUpdate with maxSurge 0 (update.go, rollingUpdate): an outdated pod
 *   that is not available is replaced at once and counts as unavailable; an
 *   available one is deleted only while fewer than maxUnavailable nodes are
 *   unavailable (a node without a live pod, or whose new pod is not yet
 *   available, counts). maxUnavailable is an int or a percentage of
 *   desiredNumberScheduled rounded up (util.UnavailableCount with
 *   intstr.GetScaledValueFromIntOrPercent(..., true)); 0 with maxSurge 0 is
 *   taken as 1 (updatedDesiredNodeCounts). maxSurge > 0 is not simulated:
 *   the demo rolls as with maxSurge 0, never faster.
 * - OnDelete: no rolling; pods are replaced only when deleted.
 * - Status (updateDaemonSetStatus): the counters from the pods, available
 *   meaning Ready for longer than spec.minReadySeconds; the set is synced
 *   again after minReadySeconds while numberReady != numberAvailable.
 * https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
 */
import { randomUUID } from 'node:crypto';
import { iso, nameSuffix } from '../builders/meta';
import { podStatusFor } from '../builders/pod';
import { daemonSetStatusFrom, isPodAvailable, isPodUpdated } from '../builders/workload';
import type { Change } from '../store';
import type { DaemonSetObject, PodObject } from '../types';
import { randomSuffix } from '../writes/engine';
import { isTerminal, podKey, type World } from './world';


interface RollingUpdate { maxUnavailable?: number | string; maxSurge?: number | string }

/** intstr.GetScaledValueFromIntOrPercent with roundUp: "10%" of 12 is 2. */
export function scaledValue(v: number | string | undefined, total: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === 'number') return Math.max(0, Math.floor(v));
  const pct = /^(\d+)%$/.exec(v);
  if (pct) return Math.ceil((Number(pct[1]) * total) / 100);
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** maxUnavailable as the controller resolves it for this many desired nodes. */
export function maxUnavailableOf(ds: DaemonSetObject, desired: number): number {
  const ru = ds.spec.updateStrategy.rollingUpdate as RollingUpdate | undefined;
  const unavailable = scaledValue(ru?.maxUnavailable, desired, 1);
  const surge = scaledValue(ru?.maxSurge, desired, 0);
  return desired > 0 && unavailable === 0 && surge === 0 ? 1 : unavailable;
}

export class DaemonSetController {
  private readonly queued = new Set<string>();

  constructor(private readonly w: World) {}

  onChange(change: Change): void {
    if (change.resource === 'daemonsets') return this.enqueue(change.key);
    const owner = (change.object as PodObject).metadata.ownerReferences?.find((o) => o.kind === 'DaemonSet');
    if (owner) this.enqueue(`${change.object.metadata.namespace}/${owner.name}`);
  }

  private enqueue(key: string, afterMs = this.w.timing.controllerMs): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.w.timers.after(afterMs, 'daemonset sync', () => {
      this.queued.delete(key);
      this.sync(key);
    });
  }

  private sync(key: string): void {
    const ds = this.w.store.get('daemonsets', key);
    if (!ds) return;
    const now = this.w.now();
    const own = this.w.store.list('pods').filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === ds.metadata.uid) && !isTerminal(p));
    const nodes = this.w.store.list('nodes').map((n) => n.metadata.name);
    const byNode = new Map<string, PodObject[]>();
    for (const p of own) byNode.set(p.spec.nodeName ?? '', [...(byNode.get(p.spec.nodeName ?? '') ?? []), p]);
    for (const node of nodes) if (!byNode.has(node)) this.createPod(ds, node);
    if (ds.spec.updateStrategy.type !== 'OnDelete') this.rollingUpdate(ds, nodes, byNode, now);
    const status = daemonSetStatusFrom(ds, own, { now, nodes, observedGeneration: ds.metadata.generation ?? 1 });
    if (JSON.stringify(status) !== JSON.stringify(ds.status)) this.w.store.update('daemonsets', key, (d) => { d.status = status; });
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberReady !== status.numberAvailable) this.enqueue(key, minReady * 1000);
  }

  private rollingUpdate(ds: DaemonSetObject, nodes: readonly string[], byNode: Map<string, PodObject[]>, now: number): void {
    const minReady = ds.spec.minReadySeconds ?? 0;
    const maxUnavailable = maxUnavailableOf(ds, nodes.length);
    let unavailable = 0;
    const replace: PodObject[] = [];
    const candidates: PodObject[] = [];
    for (const node of nodes) {
      const live = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const fresh = live.filter((p) => isPodUpdated(ds, p));
      const old = live.filter((p) => !isPodUpdated(ds, p));
      if (fresh.length > 1 || old.length > 1 || live.length !== 1) {
        unavailable++;
        continue;
      }
      const [pod] = live as [PodObject];
      if (fresh.length === 1) {
        if (!isPodAvailable(pod, minReady, now)) unavailable++;
      } else if (!isPodAvailable(pod, minReady, now)) {
        replace.push(pod);
        unavailable++;
      } else if (unavailable < maxUnavailable) {
        candidates.push(pod);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    for (const p of [...replace, ...candidates.slice(0, room)]) this.deletePod(ds, p);
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
