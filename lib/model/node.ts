/** Slim projection of a core/v1 Node: only what the diagnosis and the grid read. */

/** Condition types the kubelet sets; others (from node-problem-detector etc.) pass through as strings. */
export type NodeConditionType = 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' | 'NetworkUnavailable';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  type: NodeConditionType | (string & {});
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  /** When its writer last reported it, changed or not (kubelet semantics); how stale a condition is. */
  lastHeartbeatTime?: string;
}

export interface NodeModel {
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: string;
  /** topology.kubernetes.io/zone, or the legacy failure-domain label. */
  zone?: string;
  /** Node pool / node group, from the common cloud labels. */
  pool?: string;
  roles: string[];
  unschedulable: boolean;
  kubeletVersion?: string;
  conditions: NodeCondition[];
  /**
   * spec.podCIDRs (else spec.podCIDR): the ranges the node IPAM controller gave this node, at most
   * one per IP family (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/#NodeSpec).
   * Only CNIs that allocate from them (flannel, host-local with usePodCidr, kube-router) keep pods inside.
   */
  podCIDRs?: string[];
}

export function getCondition(node: NodeModel, type: NodeConditionType): NodeCondition | undefined {
  return node.conditions.find((c) => c.type === type);
}

/** Ready=False or Unknown is a warning; a missing Ready condition means the kubelet never reported. */
export function isReady(node: NodeModel): boolean {
  return getCondition(node, 'Ready')?.status === 'True';
}
