/**
 * Scenario `zone-partition`: the same 12-node EKS fleet with every node's CNI
 * config healthy, and zones eu-west-1a and eu-west-1b unable to reach each
 * other (a broken transit route or security group between two subnets). The
 * config-based diagnosis sees nothing; only the data-plane probes can.
 */
import { NODE_PLANS } from './fleet';
import { createMultusBootRace } from './multus-boot-race';
import type { ScenarioContext, ScenarioRuntime } from './types';

export const ZONE_PARTITION = 'zone-partition';
export const PARTITIONED_ZONES: [string, string] = ['eu-west-1a', 'eu-west-1b'];

export function createZonePartition(ctx: ScenarioContext): ScenarioRuntime {
  return createMultusBootRace(ctx, {
    name: ZONE_PARTITION,
    description: 'EKS 1.30, AWS VPC CNI behind Multus thin: every node config is healthy, but pods in eu-west-1a and eu-west-1b cannot reach each other.',
    plans: NODE_PLANS.map(({ brokenAgo: _b, ...p }) => ({ ...p, initial: 'healthy' as const })),
    dataPlane: { partitions: [PARTITIONED_ZONES] },
  });
}
