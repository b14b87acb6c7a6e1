/**
 * The added nodes of scale mode: EKS-style names from their private IPs,
 * three zones, three node groups, a deterministic ~2% broken.
 */
import { MINUTE, DAY, sha256Hex } from '../builders/meta';
import type { NodePlan } from '../scenarios/fleet';
import type { DeploymentPlan } from '../scenarios/fleet';

const ZONES = [
  { zone: 'eu-west-1a', zoneId: 'euw1-az2' },
  { zone: 'eu-west-1b', zoneId: 'euw1-az3' },
  { zone: 'eu-west-1c', zoneId: 'euw1-az1' },
] as const;

const GROUPS = [
  { nodegroup: 'general-v3', instanceType: 'm6i.xlarge', capacityType: 'ON_DEMAND', share: 60 },
  { nodegroup: 'compute-v2', instanceType: 'm6i.xlarge', capacityType: 'ON_DEMAND', share: 25 },
  { nodegroup: 'general-spot-v3', instanceType: 'm5.xlarge', capacityType: 'SPOT', share: 15 },
] as const;

/** Whether the n-th added node is one of the broken ones (evenly spread, `ratio` of them). */
export function isBrokenIndex(n: number, ratio: number): boolean {
  if (ratio <= 0) return false;
  const every = Math.max(1, Math.round(1 / ratio));
  return n % every === Math.floor(every / 2);
}

/** Plans for the nodes added after the scenario's own (`index` continues after them). */
export function scaleNodePlans(count: number, firstIndex: number, ratio: number): NodePlan[] {
  const plans: NodePlan[] = [];
  for (let n = 0; n < count; n++) {
    const index = firstIndex + n;
    const z = ZONES[n % 3]!;
    const pick = n % 100;
    const g = pick < GROUPS[0].share ? GROUPS[0] : pick < GROUPS[0].share + GROUPS[1].share ? GROUPS[1] : GROUPS[2];
    // 10.64.0.0/10 holds the scale-out subnets; the scenario's own nodes live in 10.0.0.0/16.
    const ip = `10.${64 + (n >> 14)}.${(n >> 6) & 255}.${10 + (n & 63) * 3}`;
    const name = `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`;
    const broken = isBrokenIndex(n, ratio);
    plans.push({
      index, name, ip, zone: z.zone, zoneId: z.zoneId,
      instanceId: `i-0${sha256Hex(`instance:${name}`).slice(0, 16)}`,
      instanceType: g.instanceType, nodegroup: g.nodegroup, capacityType: g.capacityType,
      amiId: 'ami-0c7f1ba2d4e8a9b31',
      age: 2 * DAY + (n % 500) * 17 * MINUTE,
      initial: broken ? 'nested-delegates' : 'healthy',
      ...(broken ? { brokenAgo: 20 * MINUTE + (n % 30) * MINUTE } : {}),
    });
  }
  return plans;
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const TEAMS = ['shop', 'payments', 'search'] as const;
const SERVICES = ['api', 'worker', 'gateway', 'indexer', 'scheduler', 'cache', 'auth', 'ledger', 'notifier', 'renderer'] as const;

/** The workloads spread over the added nodes: 30 Deployments over the three team namespaces. */
export function scaleDeployments(): DeploymentPlan[] {
  const out: DeploymentPlan[] = [];
  for (const team of TEAMS) {
    SERVICES.forEach((svc, i) => {
      out.push({
        namespace: team, name: `${team}-${svc}`, replicas: 0, image: `${ECR}/${team}/${svc}:${1 + i}.${(i * 7) % 20}.${i % 4}`,
        port: 8080 + (i % 3), requests: { cpu: `${100 + i * 50}m`, memory: `${128 * (1 + (i % 4))}Mi` }, limits: { memory: `${256 * (1 + (i % 4))}Mi` },
        rolledOut: (1 + i) * DAY, createdAgo: 30 * DAY,
      });
    });
  }
  return out;
}
