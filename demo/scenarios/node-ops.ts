/**
 * Operations on one node's slice of the cluster, shared by the seed and the
 * steps: publish its snapshot, start or stop its repeating failure events,
 * find its pods, keep DaemonSet status true.
 */
import { agentIdentity } from '../agent-identity';
import { buildEvent, bumpEvent, type EventInput } from '../builders/event';
import { daemonSetStatusFrom } from '../builders/workload';
import { objectKey, type ObjectStore } from '../store';
import { snapshotConfigMap, snapshotDocument, snapshotKey, type SnapshotHistory } from '../snapshots';
import type { PodObject } from '../types';
import { publishNodeCondition } from '../sim/node-condition';
import { validatePolicies } from '../writes/agent-admission';
import type { NodePlan } from './fleet';
import { nestedSandboxFailure } from './messages';
import type { NodeCniState } from './types';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps' } as const;

export interface NodeRuntime {
  plan: NodePlan;
  uid: string;
  cni: NodeCniState;
  brokenSince?: number;
  history: SnapshotHistory;
  snapshotCreatedAt: number;
  lastCollectedAt: number;
}

/** An event the kubelet keeps re-reporting while the node stays broken. */
export interface RepeatingEvent {
  eventKey: string;
  /** Sandbox failures get a fresh sandbox id in each occurrence's message. */
  sandbox?: { namespace: string; pod: string; podUid: string; attempt: number };
}

export class NodeOps {
  /** node name -> its repeating events */
  readonly repeating = new Map<string, RepeatingEvent[]>();
  private byNode: { rv: number; map: Map<string, PodObject[]> } | undefined;

  /** `nodeCondition`: the agents also write the opt-in Node condition CNIHealthy (demo/sim/node-condition.ts). */
  constructor(private readonly store: ObjectStore, private readonly opts: { nodeCondition?: boolean } = {}) {}

  /** As the node's own agent: the shipped admission policy judges the write as it would a real agent's. */
  publishSnapshot(rt: NodeRuntime, at: number): void {
    const doc = snapshotDocument(rt.plan.name, at, rt.history);
    const cm = snapshotConfigMap({ node: rt.plan.name, nodeUid: rt.uid, createdAt: rt.snapshotCreatedAt, doc });
    const key = snapshotKey(rt.plan.name);
    const existing = this.store.get('configmaps', key);
    const next = existing ? { ...existing, data: cm.data, metadata: { ...existing.metadata, managedFields: cm.metadata.managedFields } } : cm;
    validatePolicies({
      user: agentIdentity({ name: rt.plan.name, uid: rt.uid }).user, operation: existing ? 'UPDATE' : 'CREATE',
      kind: CONFIGMAPS, namespace: cm.metadata.namespace, object: next, oldObject: existing ?? null,
    });
    if (existing) {
      this.store.update('configmaps', key, (draft) => {
        draft.data = cm.data;
        draft.metadata.managedFields = cm.metadata.managedFields;
      });
    } else {
      this.store.create('configmaps', cm);
    }
    rt.lastCollectedAt = at;
    if (this.opts.nodeCondition ?? true) publishNodeCondition(this.store, { name: rt.plan.name, uid: rt.uid }, doc, at);
  }

  podsOn(node: string): PodObject[] {
    return this.podsByNode().get(node) ?? [];
  }

  /**
   * Pods by node, rebuilt at most once per resourceVersion: at 150,000 pods a
   * scan per call (the scheduler's load sort calls it per node) would not end.
   */
  private podsByNode(): Map<string, PodObject[]> {
    const rv = this.store.currentRv();
    if (this.byNode?.rv === rv) return this.byNode.map;
    const map = new Map<string, PodObject[]>();
    for (const p of this.store.list('pods')) {
      const node = p.spec.nodeName;
      if (!node) continue;
      const list = map.get(node);
      if (list) list.push(p);
      else map.set(node, [p]);
    }
    this.byNode = { rv, map };
    return map;
  }

  /** Pods that need a sandbox from the CNI: not on the host network, not finished. */
  networkedPodsOn(node: string): PodObject[] {
    return this.podsOn(node).filter((p) => !p.spec.hostNetwork && p.status.phase !== 'Failed' && p.status.phase !== 'Succeeded');
  }

  daemonPodOn(node: string, dsName: string): PodObject | undefined {
    return this.podsOn(node).find((p) => p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet' && o.name === dsName));
  }

  createEvent(input: EventInput): string {
    return objectKey(this.store.create('events', buildEvent(input)));
  }

  /** Starts the FailedCreatePodSandBox series of a pod stuck behind a self-nested Multus config. */
  startSandboxFailures(node: string, pod: PodObject, first: number, last: number, count: number): void {
    const ns = pod.metadata.namespace ?? '';
    const podUid = pod.metadata.uid;
    const eventKey = this.createEvent({
      namespace: ns,
      involved: { kind: 'Pod', namespace: ns, name: pod.metadata.name, uid: podUid, apiVersion: 'v1', resourceVersion: pod.metadata.resourceVersion },
      reason: 'FailedCreatePodSandBox', type: 'Warning', component: 'kubelet', host: node,
      message: nestedSandboxFailure(ns, pod.metadata.name, podUid, count), first, last, count,
    });
    this.stopRepeatingFor(node, podUid);
    this.addRepeating(node, { eventKey, sandbox: { namespace: ns, pod: pod.metadata.name, podUid, attempt: count } });
  }

  addRepeating(node: string, ev: RepeatingEvent): void {
    this.repeating.set(node, [...(this.repeating.get(node) ?? []), ev]);
  }

  stopRepeating(node: string): void {
    this.repeating.delete(node);
  }

  stopRepeatingFor(node: string, podUid: string): void {
    const list = this.repeating.get(node);
    if (!list) return;
    const keep = list.filter((r) => {
      const ev = this.store.get('events', r.eventKey);
      return ev?.involvedObject.uid !== podUid;
    });
    this.repeating.set(node, keep);
  }

  /** One more occurrence of every repeating event of `node`. */
  repeat(node: string, at: number): void {
    for (const r of this.repeating.get(node) ?? []) {
      if (!this.store.get('events', r.eventKey)) continue;
      let message: string | undefined;
      if (r.sandbox) {
        r.sandbox.attempt += 1;
        message = nestedSandboxFailure(r.sandbox.namespace, r.sandbox.pod, r.sandbox.podUid, r.sandbox.attempt);
      }
      this.store.update('events', r.eventKey, (draft) => bumpEvent(draft, at, message));
    }
  }

  /** Writes DaemonSet status from their pods, only where it changed; observedGeneration stays the controller's. */
  refreshDaemonSets(at: number): void {
    const pods = this.store.list('pods');
    const nodes = this.store.list('nodes').map((n) => n.metadata.name);
    for (const ds of this.store.list('daemonsets')) {
      const own = pods.filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === ds.metadata.uid));
      const next = daemonSetStatusFrom(ds, own, { now: at, nodes });
      if (JSON.stringify(next) !== JSON.stringify(ds.status)) {
        this.store.update('daemonsets', objectKey(ds), (draft) => { draft.status = next; });
      }
    }
  }
}
