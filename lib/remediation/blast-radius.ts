/**
 * How much of the fleet a cluster-wide fix touches, said before anyone
 * clicks: patching a DaemonSet's pod template replaces its pod on every node
 * it runs on. With RollingUpdate the controller does so at most
 * maxUnavailable nodes at a time (a percentage of desiredNumberScheduled,
 * rounded up); with OnDelete it replaces nothing until a pod is deleted.
 * https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
 * https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/daemon-set-v1/ (RollingUpdateDaemonSet)
 * Pure.
 */
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { resolvedMaxUnavailable } from './rollout';

export interface BlastRadius {
  /** Nodes whose pod of the DaemonSet is replaced by the rollout. */
  nodes: number;
  /** Pods deleted and created again (one per node). */
  pods: number;
  /** At most this many nodes at a time. */
  atATime: number;
  text: string;
}

const nodes = (n: number): string => `${n} node${n === 1 ? '' : 's'}`;

export function daemonSetBlastRadius(ds: Pick<DaemonSetModel, 'name' | 'desired' | 'updateStrategy'>): BlastRadius {
  if (ds.updateStrategy.type === 'OnDelete') {
    return { nodes: 0, pods: 0, atATime: 0, text: `Changes the ${ds.name} template only: its update strategy is OnDelete, so none of its ${ds.desired} pods is replaced until deleted by hand.` };
  }
  // maxUnavailable 0 with a surge: new pods start beside the old ones, maxSurge nodes at a time.
  const surge = typeof ds.updateStrategy.maxSurge === 'number' ? ds.updateStrategy.maxSurge : Math.ceil((Number(ds.updateStrategy.maxSurge.replace('%', '')) * ds.desired) / 100);
  const atATime = Math.max(1, Math.min(ds.desired, resolvedMaxUnavailable(ds) || surge));
  return {
    nodes: ds.desired,
    pods: ds.desired,
    atATime,
    text: `Touches ${nodes(ds.desired)}: replaces the ${ds.name} pod on each (${ds.desired} pod${ds.desired === 1 ? '' : 's'}), at most ${atATime} at a time; while a node's pod restarts, new pods there wait for their network.`,
  };
}
