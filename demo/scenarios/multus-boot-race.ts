/**
 * Scenario `multus-boot-race`: the incident of DESIGN.md on a 12-node EKS
 * cluster. Nine nodes are healthy; two have a self-nested 00-multus.conf
 * (Multus OOM-killed, restarted, wrapped its own stale config) with their new
 * pods stuck in ContainerCreating; one never got its primary CNI config and
 * is NotReady. Steps break or repair any node; a tick keeps the kubelet's
 * events of broken nodes repeating.
 */
import { iso } from '../builders/meta';
import type { ObjectStore } from '../store';
import { clusterConfigMaps, namespaces } from './cluster-config';
import { NodeOps, type NodeRuntime } from './node-ops';
import { seedNodes } from './seed-nodes';
import { seedWorkloads } from './seed-pods';
import { heal, rebootWithRace } from './steps';
import { STEPS, UnknownNodeError, type ScenarioContext, type ScenarioDescription, type ScenarioRuntime } from './types';

export const MULTUS_BOOT_RACE = 'multus-boot-race';
/** How often the agent re-publishes an unchanged snapshot, so `collectedAt` proves it is alive. */
export const SNAPSHOT_RESYNC_MS = 60_000;

class MultusBootRace implements ScenarioRuntime {
  readonly name = MULTUS_BOOT_RACE;

  constructor(
    private readonly store: ObjectStore,
    private readonly ops: NodeOps,
    private readonly nodes: Map<string, NodeRuntime>,
    private readonly now: () => number,
  ) {}

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  describe(): ScenarioDescription {
    return {
      name: this.name,
      description: 'EKS 1.30, AWS VPC CNI behind Multus thin v4.0.2: two nodes with self-nested Multus delegates after an OOM kill, one node whose primary CNI config was never written.',
      steps: STEPS,
      nodes: [...this.nodes.values()].map((rt) => ({
        name: rt.plan.name,
        index: rt.plan.index,
        zone: rt.plan.zone,
        nodegroup: rt.plan.nodegroup,
        cni: rt.cni,
        expected: rt.cni === 'healthy' ? 'healthy' : 'broken',
        ...(rt.brokenSince !== undefined ? { brokenSince: iso(rt.brokenSince) } : {}),
        snapshotRevision: rt.history.current()?.revision ?? 0,
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

  tick(): void {
    const at = this.now();
    for (const rt of this.nodes.values()) {
      if (rt.cni !== 'healthy') this.ops.repeat(rt.plan.name, at);
      if (at - rt.lastCollectedAt >= SNAPSHOT_RESYNC_MS) this.ops.publishSnapshot(rt, at);
    }
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

export function createMultusBootRace(ctx: ScenarioContext): ScenarioRuntime {
  const t0 = ctx.now();
  const ops = new NodeOps(ctx.store);
  for (const ns of namespaces(t0)) ctx.store.create('namespaces', ns);
  for (const cm of clusterConfigMaps(t0)) ctx.store.create('configmaps', cm);
  const nodes = seedNodes(ctx.store, ops, t0);
  seedWorkloads(ctx.store, ops, nodes, t0);
  return new MultusBootRace(ctx.store, ops, nodes, ctx.now);
}
