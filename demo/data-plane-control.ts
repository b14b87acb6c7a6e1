/**
 * The demo's data-plane faults over the control surface:
 *   GET  /demo/v1/data-plane   the faults in force
 *   POST /demo/v1/data-plane   {"action":"kill-pod-network"|"restore-pod-network","node":"..."}
 *                              {"action":"partition","zones":["a","b"]} | {"action":"heal-partitions"}
 * A change takes effect at the probers' next round, which runs at once.
 */
import type { DataPlaneFaults } from './sim/probers';

export const DATA_PLANE_ACTIONS = ['kill-pod-network', 'restore-pod-network', 'partition', 'heal-partitions'] as const;

export interface DataPlaneTarget {
  faults: DataPlaneFaults;
  /** Runs a probe round now; returns the reports written. */
  round(): number;
  resolveNode(node: string): string;
  zones(): string[];
}

export class DataPlaneInputError extends Error {}

export function describeDataPlane(t: DataPlaneTarget): Record<string, unknown> {
  return { deadNodes: [...t.faults.deadNodes].sort(), partitions: t.faults.partitions(), zones: t.zones() };
}

export function applyDataPlane(t: DataPlaneTarget, body: Record<string, unknown>): Record<string, unknown> {
  const action = body.action;
  if (action === 'kill-pod-network' || action === 'restore-pod-network') {
    if (typeof body.node !== 'string' || body.node === '') throw new DataPlaneInputError('missing "node" (a node name)');
    const node = t.resolveNode(body.node);
    if (action === 'kill-pod-network') t.faults.deadNodes.add(node);
    else t.faults.deadNodes.delete(node);
  } else if (action === 'partition') {
    const zones = body.zones;
    const known = t.zones();
    if (!Array.isArray(zones) || zones.length !== 2 || !zones.every((z) => typeof z === 'string' && known.includes(z)) || zones[0] === zones[1]) {
      throw new DataPlaneInputError(`"zones" must be two different zones of: ${known.join(', ')}`);
    }
    t.faults.partition(zones[0] as string, zones[1] as string);
  } else if (action === 'heal-partitions') {
    t.faults.healPartitions();
  } else {
    throw new DataPlaneInputError(`unknown action ${typeof action === 'string' ? `"${action}"` : 'missing'}; expected one of: ${DATA_PLANE_ACTIONS.join(', ')}`);
  }
  const written = t.round();
  return { ok: true, written, ...describeDataPlane(t) };
}
