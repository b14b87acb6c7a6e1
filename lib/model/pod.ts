/** Slim projection of a core/v1 Pod. */
import type { PodNetworks } from './pod-networks';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export interface ContainerStateSummary {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  /** Current state: running, waiting (with reason, e.g. ContainerCreating) or terminated. */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  reason?: string;
  /** Last termination, e.g. OOMKilled, with its time; the evidence of a crash loop. */
  lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
}

export interface OwnerRef {
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
}

export interface PodModel {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  createdAt: string;
  nodeName?: string;
  phase: PodPhase;
  /** Pod-level reason, e.g. Evicted. */
  reason?: string;
  message?: string;
  qosClass?: QosClass;
  owner?: OwnerRef;
  /** Pod conditions we read: PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers. */
  ready: boolean;
  /**
   * The Ready condition's lastTransitionTime: while ready, when it became
   * Ready (a stuck period ends there); while not, when it stopped or never was.
   */
  readyTransitionAt?: string;
  sandboxReady?: boolean;
  containers: ContainerStateSummary[];
  /** Container args, kept only for pods of DaemonSets (the CNI pods); empty otherwise. */
  args: string[];
  /** Secondary networks asked for and attached (Multus annotations); only for pods that ask for any. */
  networks?: PodNetworks;
  /** status.podIP: the primary address the CNI gave the pod (the node's own for hostNetwork pods). */
  podIP?: string;
  /** spec.hostNetwork, kept only when true: such pods share the node's address and never go through the CNI. */
  hostNetwork?: true;
}

export function podKey(pod: Pick<PodModel, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

export function restartCount(pod: PodModel): number {
  return pod.containers.reduce((sum, c) => sum + c.restartCount, 0);
}

/** The most recent termination of any of the pod's containers (OOMKilled, Error, …). */
export function lastTermination(pod: PodModel): ContainerStateSummary['lastTermination'] {
  return pod.containers
    .map((c) => c.lastTermination)
    .filter((t) => t !== undefined)
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''))[0];
}
