import 'server-only';
import { randomBytes } from 'node:crypto';
import { loadConfigDir, type ConfigDir } from '@/lib/cni/files';
import { configFingerprint } from '@/lib/cni/fingerprint';
import type { Candidate } from '@/lib/health/comparison';
import { daemonSetFindings } from '@/lib/health/daemonset';
import { diagnoseNode, type NodeDiagnosis } from '@/lib/health/diagnose';
import { multusPodsByNode } from '@/lib/health/multus-pod';
import { findAgentPod, nodePrimaryFamily, primaryAgentContext, type PrimaryAgentContext } from '@/lib/health/primary-agent';
import { analyseFleet, type FleetMemo } from '@/lib/health/rules/fleet';
import type { FleetFacts } from '@/lib/health/rules';
import { findStuckPods } from '@/lib/health/stuck';
import type { Finding } from '@/lib/health/types';
import type { EventModel } from '@/lib/model/event';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { NodeView } from '@/lib/api/views';
import { FleetIndex } from './fleet-index';
import { toNodeView } from './node-view';
import { ProbeTracker } from './probe-tracker';

/** Every node is re-evaluated at least this often, for verdicts that age (stale snapshots, stuck-pod grace). */
export const SWEEP_MS = 30_000;

export interface FleetChange { version: number; names: string[]; removed: string[] }

/**
 * The fleet's analysis, kept current incrementally: a changed object marks
 * the nodes it touches (FleetIndex), and a refresh re-diagnoses only those,
 * plus a slice of the fleet per call so every node is re-evaluated within
 * SWEEP_MS (verdicts depend on `now`). Fleet facts (config drift) are
 * recomputed from cached fingerprints when a node or snapshot changed; nodes
 * whose facts moved are re-diagnosed too.
 */
export class FleetView {
  readonly epoch = randomBytes(6).toString('hex');
  readonly diagnoses = new Map<string, NodeDiagnosis>();
  readonly views = new Map<string, NodeView>();
  version = 0;
  private readonly index: FleetIndex;
  readonly probes: ProbeTracker;
  private readonly json = new Map<string, string>();
  private readonly configs = new Map<string, { rv: string; config: ConfigDir }>();
  private readonly memo: FleetMemo;
  private readonly prints = new Map<string, { key: string; value: ReturnType<typeof configFingerprint> }>();
  private facts = new Map<string, FleetFacts>();
  private clusterFindings: Finding[] = [];
  private snapshotsByNode = new Map<string, SnapshotModel>();
  private variantOf = new Map<string, string>();
  private readonly changes: FleetChange[] = [];
  private cursor = 0;
  private candidateCache: { version: number; list: Candidate[] } | undefined;
  private lastSweep = 0;

  constructor(private readonly cache: ClusterCache) {
    this.index = new FleetIndex(cache);
    this.probes = new ProbeTracker(cache);
    this.memo = {
      differences: new Map(),
      fingerprint: (n) => {
        const key = `${n.node.name}|${this.snapshotsByNode.get(n.node.name)?.resourceVersion ?? ''}`;
        const hit = this.prints.get(n.node.name);
        if (hit?.key === key) return hit.value;
        const value = configFingerprint(n.snapshot.files, n.node.name);
        this.prints.set(n.node.name, { key, value });
        return value;
      },
    };
  }

  /** Every node as a reference candidate for the diff, rebuilt once per version. */
  candidates(): Candidate[] {
    if (this.candidateCache?.version !== this.version) {
      this.candidateCache = { version: this.version, list: [...this.views.values()].map((v) => ({ name: v.name, verdict: v.verdict, zone: v.zone, pool: v.pool, variant: v.variant })) };
    }
    return this.candidateCache.list;
  }

  /** Fleet-level findings (Multus DaemonSet hygiene). */
  get findings(): Finding[] {
    return this.clusterFindings;
  }

  variant(name: string): string | undefined {
    return this.variantOf.get(name);
  }

  /** The inputs of the stuck-pods view: pods with sandbox failures, those failures, their nodes' snapshots. */
  stuckState(): { pods: PodModel[]; events: EventModel[]; snapshots: SnapshotModel[] } {
    const { pods, events } = this.index.failureState();
    const nodes = new Set(pods.map((p) => p.nodeName));
    return { pods, events, snapshots: [...nodes].flatMap((n) => (n === undefined ? [] : this.index.snapshotOf(n) ?? [])) };
  }

  /** Changes after `version`, oldest first; undefined when the log no longer reaches back that far. */
  changesSince(version: number): FleetChange[] | undefined {
    if (version === this.version) return [];
    const first = this.changes[0];
    if (!first || version < first.version - 1 || version > this.version) return undefined;
    return this.changes.filter((c) => c.version > version);
  }

  /** Re-diagnoses what changed; returns true when any node's view changed (a new version). */
  refresh(now: number): boolean {
    if (this.index.fleetDirty) this.recomputeFleet();
    for (const n of this.probes.refresh(now)) this.index.dirty.add(n);
    this.sweep(now);
    const names: string[] = [];
    const removed: string[] = [];
    for (const name of this.index.dirty) {
      const node = this.cache.informers.nodes.get(name);
      if (!node) {
        if (this.views.delete(name)) removed.push(name);
        this.diagnoses.delete(name);
        this.json.delete(name);
        continue;
      }
      const d = this.diagnose(name, now);
      const view = toNodeView(d, this.variantOf.get(name));
      // snapshotAt moves every time an agent republishes; the grid does not draw it,
      // so it alone is not a new version (the view still carries the latest).
      const text = JSON.stringify({ ...view, snapshotAt: undefined });
      this.diagnoses.set(name, d);
      this.views.set(name, view);
      if (this.json.get(name) === text) continue;
      this.json.set(name, text);
      names.push(name);
    }
    this.index.dirty.clear();
    if (names.length === 0 && removed.length === 0) return false;
    this.version++;
    this.changes.push({ version: this.version, names, removed });
    if (this.changes.length > 256) this.changes.shift();
    return true;
  }

  /**
   * One node diagnosed at `now` from the current indexes and fleet facts
   * (after catching up with pending changes): what the node page and the
   * diff show, fresh to the millisecond, without a fleet-wide diagnosis.
   */
  diagnoseNow(name: string, now: number): NodeDiagnosis | undefined {
    // The node's own inputs are read live; fleet facts (drift against the
    // majority) are those of the last refresh, at most GRID_REFRESH_MS old.
    // Recomputing them here put a fleet-wide pass into a request whenever
    // any agent had republished (the diff's p99).
    if (this.facts.size === 0 && this.index.fleetDirty) this.recomputeFleet();
    return this.cache.informers.nodes.get(name) ? this.diagnose(name, now, true) : undefined;
  }

  private diagnose(name: string, now: number, live = false): NodeDiagnosis {
    const node = this.cache.informers.nodes.get(name)!;
    const binding = this.index.bindingOf(name);
    const snapshot = live ? binding.snapshot : this.snapshotsByNode.get(name);
    const pods = this.index.podsOn(name);
    return diagnoseNode({
      node,
      snapshot,
      ignoredSnapshots: binding.ignored.length > 0 ? binding.ignored : undefined,
      config: this.configOf(name, snapshot),
      stuck: findStuckPods(pods, this.index.failuresOf(pods), now),
      multusPod: multusPodsByNode(pods).get(name),
      // Addressed pods, for the pod network check (pod-ip-outside-pod-network), as diagnoseCluster passes them.
      pods: pods.filter((p) => p.podIP !== undefined),
      primaryAgent: this.primaryAgentOf(pods, snapshot, name),
      fleet: { ...(this.facts.get(name) ?? { context: [] }), context: this.clusterFindings, dataPlane: this.probes.of(name) },
      now,
    });
  }

  private primaryAgentOf(pods: PodModel[], snapshot: SnapshotModel | undefined, name: string): PrimaryAgentContext | undefined {
    const expected = nodePrimaryFamily(this.configOf(name, snapshot)) ?? this.facts.get(name)?.expectedFamily;
    const found = findAgentPod(pods, expected);
    return primaryAgentContext(pods, found ? this.index.warningsOf(found.pod) : [], this.cache.informers.daemonsets.list(), expected);
  }

  private configOf(name: string, snapshot: SnapshotModel | undefined): ConfigDir | undefined {
    if (!snapshot?.snapshot) return undefined;
    const hit = this.configs.get(name);
    if (hit?.rv === snapshot.resourceVersion) return hit.config;
    const config = loadConfigDir(snapshot.snapshot.files);
    this.configs.set(name, { rv: snapshot.resourceVersion, config });
    return config;
  }

  private recomputeFleet(): void {
    this.index.fleetDirty = false;
    const { informers } = this.cache;
    const nodes = informers.nodes.list();
    // Only accepted snapshots (lib/cni/snapshot-binding.ts) count, for the majority as for each node.
    this.snapshotsByNode = new Map(nodes.flatMap((n) => {
      const s = this.index.snapshotOf(n.name);
      return s ? [[n.name, s] as const] : [];
    }));
    const fleet = analyseFleet(nodes.map((node) => {
      const snapshot = this.snapshotsByNode.get(node.name);
      return { node, snapshot: snapshot?.snapshot, config: this.configOf(node.name, snapshot) };
    }), this.memo);
    const clusterFindings = daemonSetFindings(informers.daemonsets.list());
    const contextChanged = JSON.stringify(clusterFindings) !== JSON.stringify(this.clusterFindings);
    this.clusterFindings = clusterFindings;
    for (const node of nodes) {
      const next = fleet.facts.get(node.name);
      if (contextChanged || JSON.stringify(next) !== JSON.stringify(this.facts.get(node.name))) this.index.dirty.add(node.name);
    }
    this.facts = fleet.facts;
    const variantOf = new Map(fleet.variants.flatMap((v) => v.nodes.map((n) => [n, v.fingerprint.slice(0, 8)] as const)));
    for (const [name, v] of variantOf) if (this.variantOf.get(name) !== v) this.index.dirty.add(name);
    this.variantOf = variantOf;
  }

  private sweep(now: number): void {
    const names = [...this.views.keys()];
    const due = this.lastSweep === 0 ? 0 : Math.ceil((names.length * Math.min(SWEEP_MS, now - this.lastSweep)) / SWEEP_MS);
    this.lastSweep = now;
    for (let i = 0; i < due && names.length > 0; i++) this.index.dirty.add(names[this.cursor++ % names.length]!);
    // First refresh: every node the cache knows.
    if (this.views.size === 0) for (const n of this.cache.informers.nodes.list()) this.index.dirty.add(n.name);
  }
}
