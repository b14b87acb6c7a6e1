import 'server-only';
import type { ClusterCache } from '@/lib/k8s/cache';
import { podKey, type PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import { changedState } from '@/lib/probes/report';

const sameBinding = (a: ProbeModel, b: ProbeModel): boolean =>
  a.node === b.node && a.annotatedNode === b.annotatedNode && JSON.stringify(a.owners) === JSON.stringify(b.owners) && a.report?.podIP === b.report?.podIP;
import { fleetProbeFacts, isProberPod, type FleetProbeFacts, type NodeProbes } from '@/lib/probes/fleet';

/** Probe facts are recomputed at least this often: report freshness depends on the clock. */
const MAX_AGE_MS = 30_000;

/**
 * The fleet's data-plane facts, recomputed when a probe report or a prober
 * pod changed (O(N·k), a few milliseconds at 5,000 nodes: the bench's
 * "probe aggregation" figure), and the nodes whose facts moved.
 */
export class ProbeTracker {
  facts: FleetProbeFacts = { byNode: new Map(), zones: [], members: 0, ring: [], reports: new Map(), peers: 0 };
  private dirty = true;
  private computedAt = 0;
  private json = new Map<string, string>();
  private readonly unsubscribe: Array<() => void>;
  /** Prober pods by key, and each node's uid and zone: what membership and binding read. */
  private readonly proberPods = new Map<string, PodModel>();
  private readonly nodeKeys = new Map<string, string>();
  private readonly reports = new Map<string, ProbeModel>();

  /** The prober pods the tracker follows (a few thousand at most), so a view need not scan every pod. */
  proberPodList(): Iterable<PodModel> {
    return this.proberPods.values();
  }

  constructor(private readonly cache: ClusterCache) {
    const ns = this.namespace();
    const { informers } = cache;
    for (const p of informers.pods.list()) if (isProberPod(p, ns)) this.proberPods.set(podKey(p), p);
    for (const n of informers.nodes.list()) this.nodeKeys.set(n.name, `${n.uid}|${n.zone ?? ''}`);
    for (const p of informers.probes.list()) this.reports.set(`${p.namespace}/${p.configMapName}`, p);
    this.unsubscribe = [
      informers.probes.subscribe((e) => {
        if (e.type === 'status') return;
        // A heartbeat (same state, new observedAt) changes no verdict: freshness is re-read every MAX_AGE_MS anyway.
        const before = this.reports.get(e.key);
        const after = e.type === 'upsert' ? e.obj : undefined;
        if (after) this.reports.set(e.key, after);
        else this.reports.delete(e.key);
        if (before && after && sameBinding(before, after) && before.report && after.report && !changedState(before.report, after.report)) return;
        this.dirty = true;
      }),
      informers.pods.subscribe((e) => {
        if (e.type === 'status') return;
        if (e.type === 'upsert' && isProberPod(e.obj, ns)) {
          this.proberPods.set(e.key, e.obj);
          this.dirty = true;
        } else if (this.proberPods.delete(e.key)) this.dirty = true;
      }),
      informers.nodes.subscribe((e) => {
        if (e.type === 'status') return;
        // Node status heartbeats do not move membership or binding: only a new uid or zone, or a deletion, does.
        const key = e.type === 'upsert' ? `${e.obj.uid}|${e.obj.zone ?? ''}` : undefined;
        if (this.nodeKeys.get(e.key) === key) return;
        if (key === undefined) this.nodeKeys.delete(e.key);
        else this.nodeKeys.set(e.key, key);
        this.dirty = true;
      }),
    ];
  }

  private namespace(): string {
    return this.cache.namespace ?? 'cni-health';
  }

  dispose(): void {
    this.unsubscribe.splice(0).forEach((u) => u());
  }

  of(node: string): NodeProbes | undefined {
    return this.facts.byNode.get(node);
  }

  /** Recomputes when due; returns the nodes whose facts changed. */
  refresh(now: number): string[] {
    if (!this.dirty && now - this.computedAt < MAX_AGE_MS) return [];
    this.dirty = false;
    this.computedAt = now;
    const { informers } = this.cache;
    this.facts = fleetProbeFacts({ nodes: informers.nodes.list(), proberPods: [...this.proberPods.values()], probes: informers.probes.list(), now });
    const changed: string[] = [];
    const seen = new Set<string>();
    for (const [node, f] of this.facts.byNode) {
      seen.add(node);
      const text = JSON.stringify(f);
      if (this.json.get(node) !== text) changed.push(node);
      this.json.set(node, text);
    }
    for (const node of [...this.json.keys()]) {
      if (!seen.has(node)) {
        this.json.delete(node);
        changed.push(node);
      }
    }
    return changed;
  }
}
