/**
 * What a named scenario offers the demo cluster: it seeds the store, keeps
 * failing things failing (tick), and runs steps on demand. Everything it does
 * goes through the store, so watchers see it as ordinary API changes.
 */
import type { SimTiming } from '../sim/world';
import type { NodeRuntime } from './node-ops';
import type { ObjectStore } from '../store';

export const STEPS = ['reboot-with-race', 'heal', 'lose-primary'] as const;
export type StepName = (typeof STEPS)[number];

export type NodeCniState = 'healthy' | 'nested-delegates' | 'missing-primary';

export interface ScenarioNode {
  name: string;
  index: number;
  zone: string;
  nodegroup: string;
  /** `corpus-case`: a node of the corpus scenario, whose state is its case (corpus/). */
  cni: NodeCniState | 'corpus-case';
  /** The verdict the dashboard should reach for this node. */
  expected: 'healthy' | 'degraded' | 'broken';
  brokenSince?: string;
  snapshotRevision: number;
  stuckPods: string[];
  /** Cordoned (spec.unschedulable). */
  unschedulable: boolean;
  /** Top-level files in /etc/cni/net.d, as the snapshot shows them. */
  files: string[];
  /** Files the repair agent moved aside. */
  backups: string[];
  /** Repair requests for this node in cni-health, with their outcome once answered. */
  repairRequests: { name: string; phase?: string }[];
}

export interface ScenarioDescription {
  name: string;
  description: string;
  nodes: ScenarioNode[];
  steps: readonly StepName[];
}

export interface ScenarioContext {
  store: ObjectStore;
  now: () => number;
  timing?: SimTiming;
}

/** Data-plane faults a scenario starts with (demo/sim/probers.ts). */
export interface DataPlaneSetup {
  /** Zone pairs that cannot reach each other. */
  partitions?: [string, string][];
  /** Nodes whose pod network is dead while their config is healthy. */
  deadNodes?: string[];
}

export interface ScenarioRuntime {
  readonly name: string;
  describe(): ScenarioDescription;
  nodeNames(): string[];
  /** Exact node name or an unambiguous prefix; throws UnknownNodeError. */
  resolveNode(node: string): string;
  rebootWithRace(node: string): void;
  heal(node: string): void;
  /** The node loses its primary CNI config; its aws-node crash-loops (scenarios/lose-primary.ts). */
  losePrimary(node: string): void;
  /** Repeats the events of whatever is still failing (count + lastTimestamp); retries stuck sandboxes. */
  tick(): void;
  /** The data-plane faults in force when the scenario starts. */
  dataPlane(): DataPlaneSetup;
  /**
   * Scale mode's seeded nodes: their agents answer repair requests, and a
   * node that receives one is simulated from then on (kubelet, DaemonSet
   * controller, agent), so a bulk repair works on them as on the scenario's
   * own; the thousands nobody repairs cost nothing per tick.
   */
  adopt?(runtimes: readonly NodeRuntime[]): void;
  /** Stops the scenario's controllers (their timers); the store stays. */
  dispose(): void;
}

export class UnknownNodeError extends Error {
  constructor(readonly node: string, readonly known: readonly string[]) {
    super(`unknown node "${node}"`);
  }
}
