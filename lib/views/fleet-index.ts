import 'server-only';
import { bindSnapshots, concernedNodes, nodeOfConfigMapName, type IgnoredSnapshot } from '@/lib/cni/snapshot-binding';
import { isAgentEvent } from '@/lib/health/primary-agent';
import { SANDBOX_FAILURE_REASONS } from '@/lib/health/stuck';
import type { EventModel } from '@/lib/model/event';
import { podKey, type PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import type { ClusterCache } from '@/lib/k8s/cache';

/**
 * Indexes kept up to date from the informers' change events, so that one
 * changed object costs one node's re-analysis, not the fleet's: pods by node,
 * sandbox-failure events by pod, and the set of nodes whose inputs changed
 * since the last refresh. Ordinary events (the vast majority) touch nothing.
 */
export class FleetIndex {
  /** node -> keys of the pods bound to it */
  readonly podsByNode = new Map<string, Set<string>>();
  /** pod key -> its sandbox-failure events (by event key) */
  readonly failuresByPod = new Map<string, Map<string, EventModel>>();
  /** pod key -> the kubelet's warnings about it (BackOff, Unhealthy...: lib/health/primary-agent.ts), read for CNI agent pods */
  readonly warningsByPod = new Map<string, Map<string, EventModel>>();
  readonly dirty = new Set<string>();
  /** Set when something every node depends on changed (snapshots, nodes, DaemonSets): fleet facts are recomputed. */
  fleetDirty = true;
  private readonly nodeOfPod = new Map<string, string>();
  /** Every snapshot ConfigMap by namespace/name, and the keys of those that name or are stored as each node. */
  private readonly snapshots = new Map<string, SnapshotModel>();
  private readonly snapshotKeysByNode = new Map<string, Set<string>>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly cache: ClusterCache) {
    const { informers } = cache;
    this.unsubscribe.push(
      informers.nodes.subscribe((e) => {
        if (e.type === 'status') return;
        this.dirty.add(e.key);
        this.fleetDirty = true;
      }),
      informers.snapshots.subscribe((e) => {
        if (e.type === 'status') return;
        this.onSnapshot(e.obj, e.type === 'delete');
        this.fleetDirty = true;
      }),
      informers.daemonsets.subscribe((e) => {
        if (e.type !== 'status') this.fleetDirty = true;
      }),
      informers.pods.subscribe((e) => {
        if (e.type === 'status') return;
        this.onPod(e.key, e.type === 'upsert' ? e.obj : undefined);
      }),
      informers.events.subscribe((e) => {
        if (e.type === 'status') return;
        this.onEvent(e.key, e.obj, e.type === 'delete');
      }),
    );
    for (const s of informers.snapshots.list()) this.onSnapshot(s, false);
    for (const p of informers.pods.list()) this.onPod(podKey(p), p);
    for (const e of informers.events.list()) this.onEvent(`${e.namespace}/${e.name}`, e, false);
  }

  dispose(): void {
    this.unsubscribe.splice(0).forEach((u) => u());
  }

  /**
   * The snapshot that speaks for the node now (the one whose name, document,
   * annotation and owner all name it, against the Node's current uid), and
   * the snapshots naming or stored as it that were ignored, with why.
   */
  bindingOf(node: string): { snapshot?: SnapshotModel; ignored: IgnoredSnapshot[] } {
    const candidates = [...(this.snapshotKeysByNode.get(node) ?? [])].map((k) => this.snapshots.get(k)!);
    if (candidates.length === 0) return { ignored: [] };
    const b = bindSnapshots(candidates, (n) => this.cache.informers.nodes.get(n)?.uid);
    return { snapshot: b.accepted.get(node), ignored: b.ignored.filter((i) => concernedNodes(i).includes(node)) };
  }

  snapshotOf(node: string): SnapshotModel | undefined {
    return this.bindingOf(node).snapshot;
  }

  podsOn(node: string): PodModel[] {
    const out: PodModel[] = [];
    for (const key of this.podsByNode.get(node) ?? []) {
      const p = this.cache.informers.pods.get(key);
      if (p) out.push(p);
    }
    return out;
  }

  /** Failure events of the given pods, keyed like indexPodFailures keys them. */
  failuresOf(pods: readonly PodModel[]): Map<string, EventModel[]> {
    const out = new Map<string, EventModel[]>();
    for (const p of pods) {
      const evs = this.failuresByPod.get(podKey(p));
      if (evs && evs.size > 0) out.set(podKey(p), [...evs.values()]);
    }
    return out;
  }

  /** Pods with sandbox-failure events and those events: all the stuck-pods view needs. */
  failureState(): { pods: PodModel[]; events: EventModel[] } {
    const pods: PodModel[] = [];
    const events: EventModel[] = [];
    for (const [key, evs] of this.failuresByPod) {
      const p = this.cache.informers.pods.get(key);
      if (p) pods.push(p);
      for (const e of evs.values()) events.push(e);
    }
    return { pods, events };
  }

  private onSnapshot(s: SnapshotModel, deleted: boolean): void {
    const key = `${s.namespace}/${s.configMapName}`;
    const before = this.snapshots.get(key);
    const nodes = (x: SnapshotModel): Set<string> => new Set([x.node, x.annotatedNode, nodeOfConfigMapName(x.configMapName)].filter((n): n is string => !!n));
    for (const n of before ? nodes(before) : []) {
      this.snapshotKeysByNode.get(n)?.delete(key);
      if (this.snapshotKeysByNode.get(n)?.size === 0) this.snapshotKeysByNode.delete(n);
      this.dirty.add(n);
    }
    if (deleted) {
      this.snapshots.delete(key);
      return;
    }
    this.snapshots.set(key, s);
    for (const n of nodes(s)) {
      let set = this.snapshotKeysByNode.get(n);
      if (!set) this.snapshotKeysByNode.set(n, (set = new Set()));
      set.add(key);
      this.dirty.add(n);
    }
  }

  private onPod(key: string, pod: PodModel | undefined): void {
    const before = this.nodeOfPod.get(key);
    const after = pod?.nodeName;
    if (before !== undefined) this.dirty.add(before);
    if (before !== after) {
      if (before !== undefined) this.podsByNode.get(before)?.delete(key);
      if (after !== undefined) {
        let set = this.podsByNode.get(after);
        if (!set) this.podsByNode.set(after, (set = new Set()));
        set.add(key);
        this.nodeOfPod.set(key, after);
      } else this.nodeOfPod.delete(key);
    }
    if (after !== undefined) this.dirty.add(after);
  }

  /** The kubelet's warnings about one pod (empty for most pods). */
  warningsOf(pod: PodModel): EventModel[] {
    return [...(this.warningsByPod.get(podKey(pod))?.values() ?? [])];
  }

  private onEvent(key: string, e: EventModel, deleted: boolean): void {
    const index = e.involved.kind !== 'Pod' ? undefined
      : SANDBOX_FAILURE_REASONS.has(e.reason) ? this.failuresByPod
      : isAgentEvent(e) ? this.warningsByPod
      : undefined;
    if (!index) return;
    const pod = `${e.involved.namespace ?? e.namespace}/${e.involved.name}`;
    let map = index.get(pod);
    if (deleted) map?.delete(key);
    else {
      if (!map) index.set(pod, (map = new Map()));
      map.set(key, e);
    }
    if (map && map.size === 0) index.delete(pod);
    const node = this.nodeOfPod.get(pod);
    if (node !== undefined) this.dirty.add(node);
  }
}
