/**
 * The node agent of each primary CNI: the DaemonSet pod that writes the
 * family's config into /etc/cni/net.d and keeps the node's pod network
 * working. Recognised by the DaemonSet names and container names the
 * projects' own manifests use (installs rename DaemonSets rarely, containers
 * almost never):
 * - AWS VPC CNI: DaemonSet `aws-node`, container `aws-node` (https://github.com/aws/amazon-vpc-cni-k8s/blob/master/config/master/aws-k8s-cni.yaml)
 * - Calico: `calico-node` (https://docs.tigera.io/calico/latest/getting-started/kubernetes/self-managed-onprem/onpremises)
 * - Canal: `canal`, RKE2 `rke2-canal` (containers `calico-node` + `kube-flannel`) (https://docs.rke2.io/networking/basic_network_options)
 * - Cilium: `cilium`, container `cilium-agent` (https://docs.cilium.io/en/stable/installation/k8s-install-helm/)
 * - Flannel: `kube-flannel-ds` (older: `kube-flannel-ds-amd64`), container `kube-flannel` (https://github.com/flannel-io/flannel/blob/master/Documentation/kube-flannel.yml)
 * - OVN-Kubernetes: `ovnkube-node` (https://github.com/ovn-kubernetes/ovn-kubernetes/tree/master/dist/templates)
 * - Antrea: `antrea-agent`; Weave: `weave-net`; kube-router: `kube-router`.
 * k3s runs flannel inside the k3s binary: no agent pod exists there, which is
 * why a missing agent is only reported where the family's DaemonSet exists.
 */
import type { CniFamily } from './families';

export interface AgentSignature {
  family: CniFamily;
  /** How the project names its agent, for people. */
  label: string;
  daemonSets: RegExp;
  containers: readonly string[];
}

export const AGENTS: readonly AgentSignature[] = [
  { family: 'aws-vpc-cni', label: 'aws-node', daemonSets: /^aws-node$/, containers: ['aws-node'] },
  { family: 'canal', label: 'canal', daemonSets: /^(rke2-)?canal$/, containers: ['kube-flannel'] },
  { family: 'calico', label: 'calico-node', daemonSets: /^(rke2-)?calico-node$/, containers: ['calico-node'] },
  { family: 'cilium', label: 'cilium', daemonSets: /^cilium$/, containers: ['cilium-agent'] },
  { family: 'flannel', label: 'kube-flannel', daemonSets: /^kube-flannel(-ds)?(-[a-z0-9]+)?$/, containers: ['kube-flannel'] },
  { family: 'ovn-kubernetes', label: 'ovnkube-node', daemonSets: /^ovnkube-node$/, containers: ['ovnkube-controller', 'ovnkube-node'] },
  { family: 'antrea', label: 'antrea-agent', daemonSets: /^antrea-agent$/, containers: ['antrea-agent'] },
  { family: 'weave', label: 'weave-net', daemonSets: /^weave-net$/, containers: ['weave'] },
  { family: 'kube-router', label: 'kube-router', daemonSets: /^kube-router$/, containers: ['kube-router'] },
];

interface AgentCandidate {
  owner?: { kind: string; name: string };
  containers: ReadonlyArray<{ name: string }>;
}

/** The agent a pod is, by its DaemonSet's name (or, for a renamed DaemonSet, its main container). */
export function agentOfPod(pod: AgentCandidate): AgentSignature | undefined {
  if (pod.owner?.kind !== 'DaemonSet') return undefined;
  const ds = pod.owner.name;
  return AGENTS.find((a) => a.daemonSets.test(ds)) ?? AGENTS.find((a) => a.family !== 'canal' && pod.containers.some((c) => a.containers.includes(c.name)));
}

export function agentOfDaemonSet(name: string): AgentSignature | undefined {
  return AGENTS.find((a) => a.daemonSets.test(name));
}

/** The container whose logs and state tell the agent's story: the first the project names, else the pod's first. */
export function agentContainer<C extends { name: string }>(agent: AgentSignature, containers: readonly C[]): C | undefined {
  return containers.find((c) => agent.containers.includes(c.name)) ?? containers[0];
}
