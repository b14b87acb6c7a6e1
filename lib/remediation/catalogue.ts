/**
 * The remediations findings point to. `action`s are executed by the
 * dashboard (plan, dry-run, confirm, execute, verify, audit); `advice` is
 * shown as instructions, because doing it safely needs a human (an upgrade,
 * a change to another project's DaemonSet).
 */

export type RemediationId =
  | 'repair-node-cni-config'
  | 'restart-multus-pod'
  | 'delete-stuck-pods'
  | 'recreate-partially-attached-pods'
  | 'cordon-node'
  | 'uncordon-node'
  | 'multus-guaranteed-qos'
  | 'multus-cleanup-on-exit'
  | 'multus-wait-for-primary-cni'
  | 'restart-primary-cni-pod'
  | 'remove-leftover-cni-config'
  | 'upgrade-multus';

export type RemediationScope = 'node' | 'cluster';

export interface RemediationInfo {
  id: RemediationId;
  kind: 'action' | 'advice';
  scope: RemediationScope;
  title: string;
  /** What it changes, in one or two sentences, for the confirmation dialog. */
  description: string;
  /** Whether it can interrupt workloads; such actions ask to type the target's name. */
  disruptive: boolean;
}

export const CATALOGUE: Readonly<Record<RemediationId, RemediationInfo>> = {
  'repair-node-cni-config': {
    id: 'repair-node-cni-config', kind: 'action', scope: 'node', disruptive: true,
    title: 'Repair the node\'s CNI config',
    description: 'The node\'s snapshot agent moves the bad generated Multus config aside (only if it is still the file you previewed), then the node\'s Multus pod is restarted so it regenerates its config from the primary CNI config.',
  },
  'restart-multus-pod': {
    id: 'restart-multus-pod', kind: 'action', scope: 'node', disruptive: true,
    title: 'Restart the Multus pod',
    description: 'Deletes the Multus pod on this node; its DaemonSet recreates it. On a node whose generated config is self-nested this alone does not help (Multus wraps its own file again): repair the config instead.',
  },
  'delete-stuck-pods': {
    id: 'delete-stuck-pods', kind: 'action', scope: 'node', disruptive: true,
    title: 'Delete the stuck pods',
    description: 'Deletes the pods on this node whose sandbox cannot be created and that a controller owns, so they are recreated. Bare pods are listed and skipped unless chosen one by one.',
  },
  'recreate-partially-attached-pods': {
    id: 'recreate-partially-attached-pods', kind: 'action', scope: 'node', disruptive: true,
    title: 'Recreate the pods missing their secondary networks',
    description: 'Evicts the running pods on this node whose secondary networks are missing and that a controller owns, so they are recreated and Multus sets up all their networks. Bare pods are listed for you to recreate by hand. Only while Multus\'s config is in effect on the node.',
  },
  'cordon-node': {
    id: 'cordon-node', kind: 'action', scope: 'node', disruptive: false,
    title: 'Cordon the node',
    description: 'Marks the node unschedulable so no new pods land on it while its networking is broken. Running pods are not touched.',
  },
  'uncordon-node': {
    id: 'uncordon-node', kind: 'action', scope: 'node', disruptive: false,
    title: 'Uncordon the node',
    description: 'Marks the node schedulable again.',
  },
  'multus-guaranteed-qos': {
    id: 'multus-guaranteed-qos', kind: 'action', scope: 'cluster', disruptive: true,
    title: 'Give Multus Guaranteed QoS',
    description: 'Sets the Multus DaemonSet\'s container requests equal to limits, so the kubelet evicts it last under memory pressure. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'multus-cleanup-on-exit': {
    id: 'multus-cleanup-on-exit', kind: 'action', scope: 'cluster', disruptive: true,
    title: 'Make Multus remove its config on exit',
    description: 'Adds --cleanup-config-on-exit=true to Multus (v4.1.0 or later), so a Multus pod that dies leaves no stale config behind. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'multus-wait-for-primary-cni': {
    id: 'multus-wait-for-primary-cni', kind: 'action', scope: 'cluster', disruptive: true,
    title: 'Make Multus wait for the primary CNI',
    description: 'Adds an initContainer to the Multus DaemonSet that waits until the primary CNI config file exists, so Multus never wraps anything else at boot. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'restart-primary-cni-pod': {
    id: 'restart-primary-cni-pod', kind: 'advice', scope: 'node', disruptive: true,
    title: 'Restart the primary CNI pod on the node',
    description: 'The primary CNI has not written its config. Check its pod on this node (logs, readiness) and restart it.',
  },
  'remove-leftover-cni-config': {
    id: 'remove-leftover-cni-config', kind: 'advice', scope: 'node', disruptive: true,
    title: 'Remove the leftover CNI config',
    description: 'A config of another CNI sorts before the intended one and the runtime uses it. Remove it from the node once you know where it came from.',
  },
  'upgrade-multus': {
    id: 'upgrade-multus', kind: 'advice', scope: 'cluster', disruptive: true,
    title: 'Upgrade Multus',
    description: 'Multus before v4.1.0 cannot clean up its config on exit. Upgrade the DaemonSet\'s image through your usual deployment path.',
  },
};

export function remediationInfo(id: string): RemediationInfo | undefined {
  return Object.hasOwn(CATALOGUE, id) ? CATALOGUE[id as RemediationId] : undefined;
}
