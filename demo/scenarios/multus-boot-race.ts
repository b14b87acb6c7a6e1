/**
 * Scenario `multus-boot-race`: the incident of DESIGN.md on a 12-node EKS
 * cluster. Nine nodes are healthy; two have a self-nested 00-multus.conf
 * (Multus OOM-killed, restarted, wrapped its own stale config) with their new
 * pods stuck in ContainerCreating; one never got its primary CNI config and
 * is NotReady. Steps break or repair any node; a tick keeps the kubelet's
 * events of broken nodes repeating.
 */
import { iso } from '../builders/meta';
import { DaemonSetController } from '../sim/daemonset-controller';
import { DisruptionController, NodeLifecycleController, ReplicaSetController } from '../sim/controllers';
import { Kubelets } from '../sim/kubelet';
import { cniStateOf } from '../sim/node-dir';
import { RepairAgents } from '../sim/repair-agent';
import { DEFAULT_TIMING, Timers, type World } from '../sim/world';
import type { ObjectStore } from '../store';
import { seedBudgets } from './budgets';
import { clusterConfigMaps, namespaces } from './cluster-config';
import { NODE_PLANS, type NodePlan } from './fleet';
import { NodeOps, type NodeRuntime } from './node-ops';
import { seedNodes } from './seed-nodes';
import { seedWorkloads } from './seed-pods';
import { losePrimary } from './lose-primary';
import { heal, rebootWithRace } from './steps';
import { STEPS, UnknownNodeError, type DataPlaneSetup, type ScenarioContext, type ScenarioDescription, type ScenarioNode, type ScenarioRuntime } from './types';

export const MULTUS_BOOT_RACE = 'multus-boot-race';
/** How often the agent re-publishes an unchanged snapshot, so `collectedAt` proves it is alive. */
export const SNAPSHOT_RESYNC_MS = 60_000;

/**
 * A scenario built on this fleet: its name, what it says of itself, the
 * nodes' initial states, its data-plane faults, and anything more done at
 * seed time (`prepare` returns the nodes whose expected verdict it changed).
 */
export interface FleetVariant {
  name: string;
  description: string;
  plans?: readonly NodePlan[];
  dataPlane?: DataPlaneSetup;
  prepare?(store: ObjectStore, ops: NodeOps, nodes: Map<string, NodeRuntime>, t0: number): ReadonlyMap<string, ScenarioNode['expected']>;
}

const INCIDENT: FleetVariant = {
  name: MULTUS_BOOT_RACE,
  description: 'EKS 1.30, AWS VPC CNI behind Multus thin v4.0.2: two nodes with self-nested Multus delegates after an OOM kill, one node whose primary CNI config was never written.',
};

class MultusBootRace implements ScenarioRuntime {
  readonly name: string;
  private readonly kubelets: Kubelets;
  private readonly agents: RepairAgents;
  private readonly unsubscribe: (() => void)[] = [];
  /** The scenario's own nodes (steps, describe); adopted scale nodes join `nodes` only once woken. */
  private readonly own: ReadonlySet<string>;

  constructor(
    private readonly store: ObjectStore,
    private readonly ops: NodeOps,
    private readonly nodes: Map<string, NodeRuntime>,
    private readonly now: () => number,
    private readonly world: World,
    private readonly variant: FleetVariant,
    private readonly expected: ReadonlyMap<string, ScenarioNode['expected']> = new Map(),
  ) {
    this.name = variant.name;
    // The cluster's moving parts, each reacting to the store like an API client would to a watch.
    this.kubelets = new Kubelets(world);
    this.agents = new RepairAgents(world);
    this.own = new Set(nodes.keys());
    this.agents.beforeHandle = (rt) => { if (!this.nodes.has(rt.plan.name)) this.nodes.set(rt.plan.name, rt); };
    const ds = new DaemonSetController(world);
    const rs = new ReplicaSetController(world);
    const nodeLifecycle = new NodeLifecycleController(world);
    const disruption = new DisruptionController(world);
    this.unsubscribe.push(
      store.subscribe('pods', (c) => {
        this.kubelets.onPodChange(c);
        ds.onChange(c);
        rs.onPodChange(c);
        disruption.onChange();
      }),
      store.subscribe('daemonsets', (c) => ds.onChange(c)),
      store.subscribe('nodes', (c) => nodeLifecycle.onNodeChange(c)),
      store.subscribe('poddisruptionbudgets', (c) => { if (c.type === 'ADDED' || c.prev && JSON.stringify((c.prev as { spec?: unknown }).spec) !== JSON.stringify((c.object as { spec?: unknown }).spec)) disruption.onChange(); }),
      store.subscribe('configmaps', (c) => this.agents.onConfigMapChange(c)),
    );
  }

  dispose(): void {
    this.unsubscribe.splice(0).forEach((u) => u());
    this.world.timers.dispose();
  }

  dataPlane(): DataPlaneSetup {
    return this.variant.dataPlane ?? {};
  }

  nodeNames(): string[] {
    return [...this.own];
  }

  adopt(runtimes: readonly NodeRuntime[]): void {
    for (const rt of runtimes) if (!this.nodes.has(rt.plan.name)) this.agents.register(rt);
  }

  describe(): ScenarioDescription {
    return {
      name: this.name,
      description: this.variant.description,
      steps: STEPS,
      nodes: [...this.nodes.values()].filter((rt) => this.own.has(rt.plan.name)).map((rt) => ({
        name: rt.plan.name,
        index: rt.plan.index,
        zone: rt.plan.zone,
        nodegroup: rt.plan.nodegroup,
        cni: rt.cni,
        expected: rt.cni !== 'healthy' ? 'broken' : this.expected.get(rt.plan.name) ?? 'healthy',
        ...(rt.brokenSince !== undefined ? { brokenSince: iso(rt.brokenSince) } : {}),
        snapshotRevision: rt.history.current()?.revision ?? 0,
        unschedulable: this.store.get('nodes', rt.plan.name)?.spec.unschedulable === true,
        files: (rt.history.current()?.files ?? []).map((f) => f.name),
        backups: (this.agents.backups.get(rt.plan.name) ?? []).map((b) => b.path),
        repairRequests: this.agents.requestsFor(rt.plan.name),
        stuckPods: this.ops.networkedPodsOn(rt.plan.name)
          .filter((p) => p.status.phase === 'Pending')
          .map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
      })),
    };
  }

  resolveNode(node: string): string {
    return this.resolve(node).plan.name;
  }

  rebootWithRace(node: string): void {
    rebootWithRace(this.store, this.ops, this.resolve(node), this.now());
  }

  heal(node: string): void {
    heal(this.store, this.ops, this.resolve(node), this.now());
  }

  losePrimary(node: string): void {
    losePrimary(this.store, this.ops, this.resolve(node), this.now());
  }

  tick(): void {
    const at = this.now();
    // The kubelet retries sandboxes first: pods on nodes that work again start instead of failing once more.
    this.kubelets.retry();
    for (const rt of this.nodes.values()) {
      if (rt.cni !== 'healthy') this.ops.repeat(rt.plan.name, at);
      if (at - rt.lastCollectedAt >= SNAPSHOT_RESYNC_MS) this.ops.publishSnapshot(rt, at);
    }
    this.agents.collectGarbage();
  }

  /** Exact node name, or an unambiguous prefix such as `ip-10-0-4-201`. */
  private resolve(node: string): NodeRuntime {
    const exact = this.nodes.get(node);
    if (exact) return exact;
    const matches = node ? [...this.nodes.values()].filter((rt) => rt.plan.name.startsWith(node)) : [];
    const only = matches.length === 1 ? matches[0] : undefined;
    if (!only) throw new UnknownNodeError(node, this.nodeNames());
    return only;
  }
}

export function createMultusBootRace(ctx: ScenarioContext, variant: FleetVariant = INCIDENT): ScenarioRuntime {
  const t0 = ctx.now();
  const ops = new NodeOps(ctx.store);
  for (const ns of namespaces(t0)) ctx.store.create('namespaces', ns);
  for (const cm of clusterConfigMaps(t0)) ctx.store.create('configmaps', cm);
  const nodes = seedNodes(ctx.store, ops, t0, variant.plans ?? NODE_PLANS);
  seedWorkloads(ctx.store, ops, nodes, t0);
  seedBudgets(ctx.store, t0);
  const world: World = {
    store: ctx.store, ops, nodes, now: ctx.now, timers: new Timers(), timing: ctx.timing ?? DEFAULT_TIMING,
    filesChanged: (rt) => {
      const at = ctx.now();
      const was = rt.cni;
      rt.cni = cniStateOf(rt.history.current()?.files ?? []);
      if (rt.cni === 'healthy') delete rt.brokenSince;
      else if (was === 'healthy' || rt.brokenSince === undefined) rt.brokenSince = at;
      ops.publishSnapshot(rt, at);
    },
  };
  const expected = variant.prepare?.(ctx.store, ops, nodes, t0);
  return new MultusBootRace(ctx.store, ops, nodes, ctx.now, world, variant, expected);
}
