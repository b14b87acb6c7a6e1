/**
 * The fleet of the multus-boot-race scenario: an EKS 1.30 cluster in
 * eu-west-1, 12 workers over three zones (private subnets 10.0.0.0/20,
 * 10.0.16.0/20, 10.0.32.0/20), two managed node groups, and the workloads
 * that run on them. Static facts only; times are offsets from "now".
 */
import { DAY, MINUTE, nameSuffix, sha256Hex } from '../builders/meta';
import type { NodeInput } from '../builders/node';
import type { NodeCniState } from './types';

export interface NodePlan extends Omit<NodeInput, 'createdAt' | 'bootAt' | 'heartbeatAt' | 'networkReady'> {
  index: number;
  /** How long ago the node joined. */
  age: number;
  initial: NodeCniState;
  /** For broken nodes: how long ago the bad revision appeared. */
  brokenAgo?: number;
}

const ZONES = [
  { zone: 'eu-west-1a', zoneId: 'euw1-az2' },
  { zone: 'eu-west-1b', zoneId: 'euw1-az3' },
  { zone: 'eu-west-1c', zoneId: 'euw1-az1' },
] as const;

const IPS = [
  '10.0.1.17', '10.0.17.88', '10.0.33.45', '10.0.4.201', '10.0.20.12', '10.0.36.230',
  '10.0.7.33', '10.0.23.190', '10.0.40.9', '10.0.11.140', '10.0.27.61', '10.0.44.117',
];

/** Indexes of the broken nodes: two self-nested Multus configs, one without a primary CNI config. */
export const NESTED_NODES = [3, 8] as const;
export const MISSING_PRIMARY_NODE = 11;

function initialState(i: number): NodeCniState {
  if ((NESTED_NODES as readonly number[]).includes(i)) return 'nested-delegates';
  return i === MISSING_PRIMARY_NODE ? 'missing-primary' : 'healthy';
}

export const NODE_PLANS: NodePlan[] = IPS.map((ip, i) => {
  const spot = i >= 9;
  const z = ZONES[i % 3] ?? ZONES[0];
  const name = `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`;
  const initial = initialState(i);
  return {
    index: i,
    name,
    ip,
    zone: z.zone,
    zoneId: z.zoneId,
    instanceId: `i-0${sha256Hex(`instance:${name}`).slice(0, 16)}`,
    instanceType: spot ? 'm5.xlarge' : 'm6i.xlarge',
    nodegroup: spot ? 'general-spot-v3' : 'general-v3',
    capacityType: spot ? 'SPOT' : 'ON_DEMAND',
    amiId: 'ami-0c7f1ba2d4e8a9b31',
    // Node 11 is a fresh scale-up whose aws-node never came up; the spot pair is from last week.
    age: i === MISSING_PRIMARY_NODE ? 27 * MINUTE : spot ? 6 * DAY + i * 7 * MINUTE : 23 * DAY + i * 3 * MINUTE,
    initial,
    ...(initial === 'nested-delegates' ? { brokenAgo: i === 3 ? 41 * MINUTE : 37 * MINUTE } : {}),
  };
});

export interface DeploymentPlan {
  namespace: string;
  name: string;
  replicas: number;
  image: string;
  port: number;
  requests: { cpu: string; memory: string };
  limits?: { memory: string };
  /** How long ago the current ReplicaSet rolled out. */
  rolledOut: number;
  createdAgo: number;
}

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

export const DEPLOYMENTS: DeploymentPlan[] = [
  { namespace: 'kube-system', name: 'coredns', replicas: 2, image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.1', port: 53, requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' }, rolledOut: 23 * DAY, createdAgo: 23 * DAY },
  { namespace: 'shop', name: 'web-frontend', replicas: 8, image: `${ECR}/shop/web-frontend:3.22.0`, port: 8080, requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' }, rolledOut: 3 * DAY, createdAgo: 21 * DAY },
  { namespace: 'shop', name: 'checkout', replicas: 6, image: `${ECR}/shop/checkout:2.14.1`, port: 8080, requests: { cpu: '200m', memory: '384Mi' }, limits: { memory: '768Mi' }, rolledOut: 2 * DAY, createdAgo: 21 * DAY },
  { namespace: 'shop', name: 'cart', replicas: 4, image: `${ECR}/shop/cart:1.9.4`, port: 8080, requests: { cpu: '100m', memory: '192Mi' }, rolledOut: 5 * DAY, createdAgo: 21 * DAY },
  { namespace: 'shop', name: 'recommendations', replicas: 4, image: `${ECR}/shop/recommendations:0.31.2`, port: 8080, requests: { cpu: '300m', memory: '512Mi' }, limits: { memory: '1Gi' }, rolledOut: 4 * DAY, createdAgo: 14 * DAY },
  { namespace: 'payments', name: 'payments-api', replicas: 5, image: `${ECR}/payments/payments-api:5.3.0`, port: 8443, requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' }, rolledOut: 6 * DAY, createdAgo: 20 * DAY },
  { namespace: 'search', name: 'search-api', replicas: 5, image: `${ECR}/search/search-api:1.40.7`, port: 9200, requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' }, rolledOut: 1 * DAY, createdAgo: 19 * DAY },
];

/** The ReplicaSet of a Deployment's current rollout: `<deployment>-<pod-template-hash>`. */
export function replicaSetName(d: DeploymentPlan): string {
  return `${d.name}-${nameSuffix(`rs:${d.namespace}/${d.name}:${d.rolledOut}`, 9)}`;
}

/** Pod IPs come from the node's subnet, as the VPC CNI hands out ENI secondary IPs. */
export function podIPFor(nodeIP: string, seed: string): string {
  const [a, b, c] = nodeIP.split('.');
  const last = 20 + (parseInt(sha256Hex(`ip:${seed}`).slice(0, 4), 16) % 230);
  return `${a}.${b}.${c}.${last}`;
}

/** Nodes that take workloads: all but the NotReady one (its not-ready taint keeps them off). */
export function schedulableNodes(): NodePlan[] {
  return NODE_PLANS.filter((n) => n.initial !== 'missing-primary');
}
