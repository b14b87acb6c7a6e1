/**
 * EKS managed-node-group worker nodes, as `kubectl get node -o json` shows them.
 */
import type { Condition, NodeObject, Taint } from '../types';
import { iso, objectMeta, uidFor } from './meta';

export const KUBELET_VERSION = 'v1.30.4-eks-a737599';
export const REGION = 'eu-west-1';

export interface NodeInput {
  name: string;
  ip: string;
  zone: string;
  zoneId: string;
  instanceId: string;
  instanceType: 'm6i.xlarge' | 'm5.xlarge';
  nodegroup: string;
  capacityType: 'ON_DEMAND' | 'SPOT';
  amiId: string;
  createdAt: number;
  /** When the kubelet last started (boot); conditions transitioned then. */
  bootAt: number;
  /** Last kubelet status post; heartbeats are in the Lease, so this is minutes old. */
  heartbeatAt: number;
  /** False: the kubelet reports the runtime's network as not ready (no CNI config). */
  networkReady: boolean;
}

/** The kubelet's message when containerd finds no CNI config (pkg/kubelet/nodestatus). */
export const NETWORK_NOT_READY_MESSAGE =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export function readyCondition(networkReady: boolean, since: number, heartbeat: number): Condition {
  return networkReady
    ? { type: 'Ready', status: 'True', lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(since), reason: 'KubeletReady', message: 'kubelet is posting ready status' }
    : { type: 'Ready', status: 'False', lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(since), reason: 'KubeletNotReady', message: NETWORK_NOT_READY_MESSAGE };
}

/** The node lifecycle controller taints a NotReady node so nothing new lands there. */
export function notReadyTaints(since: number): Taint[] {
  return [
    { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: iso(since) },
    { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(since) },
  ];
}

const CAPACITY = { cpu: '4', 'ephemeral-storage': '83873772Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '15896180Ki', pods: '58' };
const ALLOCATABLE = { cpu: '3920m', 'ephemeral-storage': '76224326324', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '14880372Ki', pods: '58' };

const IMAGES: { names: string[]; sizeBytes: number }[] = [
  { names: ['602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni@sha256:5ba2bc9e6bd4d4b4c1ba2f5e2bd1e7e5b6a3c8f1a4f6b0f3b87a2ad1b9c7e0aa', '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.3-eksbuild.1'], sizeBytes: 49503244 },
  { names: ['ghcr.io/k8snetworkplumbingwg/multus-cni@sha256:5a3be8b4bb2e3e8c8a8d8f0a2b72e1c6c3a5bd33a0bd2b1d5d6a7e3e7b4f0d11', 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2'], sizeBytes: 41262873 },
  { names: ['602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy@sha256:0d8a1d35ae6b07b7b8e2c2ce2b8f3b4c6d9f1a0e5b7c3d2e1f0a9b8c7d6e5f41', '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.3-minimal-eksbuild.5'], sizeBytes: 35261847 },
  { names: ['602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause@sha256:529cf6b1b6e5b76e901abc43aee825badbd93f9c5ee5f1e316d46a83abbce5a2', '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/pause:3.5'], sizeBytes: 298689 },
];

export function buildNode(n: NodeInput): NodeObject {
  const transition = iso(n.bootAt);
  const heartbeat = iso(n.heartbeatAt);
  const pressure = (type: string, reason: string, message: string): Condition =>
    ({ type, status: 'False', lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason, message });
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': n.instanceType,
    'beta.kubernetes.io/os': 'linux',
    'eks.amazonaws.com/capacityType': n.capacityType,
    'eks.amazonaws.com/nodegroup': n.nodegroup,
    'eks.amazonaws.com/nodegroup-image': n.amiId,
    'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-0a4c2e9d7b1f36e58',
    'eks.amazonaws.com/sourceLaunchTemplateVersion': '7',
    'failure-domain.beta.kubernetes.io/region': REGION,
    'failure-domain.beta.kubernetes.io/zone': n.zone,
    'k8s.io/cloud-provider-aws': '6a1f7d2e5c3b9a8e4d0f1c2b3a4e5d6f',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': n.instanceType,
    'topology.ebs.csi.aws.com/zone': n.zone,
    'topology.k8s.aws/zone-id': n.zoneId,
    'topology.kubernetes.io/region': REGION,
    'topology.kubernetes.io/zone': n.zone,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: objectMeta({
      name: n.name,
      createdAt: n.createdAt,
      labels,
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': n.ip,
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'ebs.csi.aws.com': n.instanceId }),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      managers: [
        { manager: 'kubelet', time: n.createdAt, fields: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:alpha.kubernetes.io/provided-node-ip': {}, 'f:volumes.kubernetes.io/controller-managed-attach-detach': {} } }, 'f:spec': { 'f:providerID': {} } } },
        { manager: 'kube-controller-manager', time: n.createdAt + 20_000, fields: { 'f:metadata': { 'f:annotations': { 'f:node.alpha.kubernetes.io/ttl': {} } } } },
        { manager: 'kubelet', time: n.heartbeatAt, subresource: 'status', fields: { 'f:status': { 'f:conditions': {}, 'f:images': {}, 'f:nodeInfo': { 'f:bootID': {} } } } },
      ],
    }),
    spec: {
      providerID: `aws:///${n.zone}/${n.instanceId}`,
      ...(n.networkReady ? {} : { taints: notReadyTaints(n.bootAt) }),
    },
    status: {
      capacity: { ...CAPACITY },
      allocatable: { ...ALLOCATABLE },
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        readyCondition(n.networkReady, n.bootAt + 15_000, n.heartbeatAt),
      ],
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'InternalDNS', address: n.name },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: uidFor(`boot:${n.name}:${n.bootAt}`),
        containerRuntimeVersion: 'containerd://1.7.22',
        kernelVersion: '5.10.226-214.880.amzn2.x86_64',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: uidFor(`machine:${n.name}`).replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2',
        systemUUID: `ec2${uidFor(`system:${n.name}`).slice(3)}`,
      },
      images: IMAGES,
    },
  };
}
