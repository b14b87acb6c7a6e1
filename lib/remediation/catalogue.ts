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
  /**
   * The causes it addresses: rule ids, and `signature:<id>` for a sandbox
   * failure signature (lib/health/signatures.ts). A finding may offer it only
   * when its cause is one of these (lib/remediation/fixes.ts; the property is
   * tested over every rule and signature in fixes.test.ts). Always-available
   * actions (cordon) fix nothing by themselves.
   */
  fixes: readonly string[];
}

/** Every config-file failure libcni reports (lib/health/rules/config-files.ts): fixed by rewriting the file. */
const CONFIG_FILE_RULES = [
  'cni-config-invalid-json', 'cni-config-too-deep', 'cni-config-too-large', 'cni-config-truncated', 'cni-config-unreadable',
  'cni-config-invalid', 'cni-config-no-type', 'cni-conflist-no-plugins', 'cni-config-duplicate-key', 'cni-config-number-out-of-range',
] as const;
/** Sandbox failures that say the primary CNI's agent is not serving, or has not installed its plugin or config. */
const AGENT_SIGNATURES = [
  'multus-readiness-indicator', 'multus-no-default-network', 'cni-plugin-not-found', 'cni-not-initialized', 'aws-ipamd-unreachable',
  'calico-node-not-running', 'calico-unauthorized', 'cilium-agent-unreachable', 'flannel-subnet-env-missing', 'antrea-agent-unreachable', 'weave-unreachable',
].map((id) => `signature:${id}`);

export const CATALOGUE: Readonly<Record<RemediationId, RemediationInfo>> = {
  'repair-node-cni-config': {
    id: 'repair-node-cni-config', kind: 'action', scope: 'node', disruptive: true,
    // Only the self-nested file: the repair derives the new content from the nested file itself, and any other
    // bad config has no content to derive (moving it aside would leave the runtime without Multus; repair-protocol.md).
    fixes: ['multus-nested-delegates', 'signature:multus-ifname-exists'],
    title: 'Repair the node\'s CNI config',
    description: 'The node\'s snapshot agent replaces the self-nested generated Multus config, in one rename, with its innermost Multus level (the content you preview, only if the file is still the one you previewed) and keeps the nested file as a backup. Nothing is restarted: the runtime never runs without a Multus config, so no pod starts without its secondary networks.',
  },
  'restart-multus-pod': {
    id: 'restart-multus-pod', kind: 'action', scope: 'node', disruptive: true,
    // Multus rewrites its kubeconfig and regenerates 00-multus.conf at start; it cannot fix a missing primary config or a self-nested file.
    fixes: ['multus-kubeconfig-missing', 'signature:multus-api-unauthorized', 'signature:multus-api-unreachable', 'signature:multus-daemon-unreachable', ...CONFIG_FILE_RULES],
    title: 'Restart the Multus pod',
    description: 'Deletes the Multus pod on this node; its DaemonSet recreates it, and Multus rewrites its kubeconfig and regenerates its config at start. It cannot help when the primary CNI has not written its config, nor on a self-nested config (Multus wraps its own file again).',
  },
  'delete-stuck-pods': {
    id: 'delete-stuck-pods', kind: 'action', scope: 'node', disruptive: true,
    fixes: ['pod-sandbox-failing'],
    title: 'Delete the stuck pods',
    description: 'Deletes the pods on this node whose sandbox cannot be created and that a controller owns, so they are recreated. Bare pods are listed and skipped unless chosen one by one.',
  },
  'recreate-partially-attached-pods': {
    id: 'recreate-partially-attached-pods', kind: 'action', scope: 'node', disruptive: true,
    // A new sandbox runs CNI ADD through Multus again, with every network; nothing else brings a missing interface back.
    fixes: ['pod-networks-missing'],
    title: 'Recreate the pods missing their secondary networks',
    description: 'Evicts the running pods on this node whose secondary networks are missing and that a controller owns, so they are recreated and Multus sets up all their networks. Bare pods are listed for you to recreate by hand. Only while Multus\'s config is in effect on the node.',
  },
  'cordon-node': {
    id: 'cordon-node', kind: 'action', scope: 'node', disruptive: false,
    fixes: [],
    title: 'Cordon the node',
    description: 'Marks the node unschedulable so no new pods land on it while its networking is broken. Running pods are not touched.',
  },
  'uncordon-node': {
    id: 'uncordon-node', kind: 'action', scope: 'node', disruptive: false,
    fixes: [],
    title: 'Uncordon the node',
    description: 'Marks the node schedulable again.',
  },
  'multus-guaranteed-qos': {
    id: 'multus-guaranteed-qos', kind: 'action', scope: 'cluster', disruptive: true,
    fixes: ['multus-pod-unhealthy', 'multus-ds-not-guaranteed', 'signature:multus-daemon-unreachable'],
    title: 'Give Multus Guaranteed QoS',
    description: 'Sets the Multus DaemonSet\'s container requests equal to limits, so the kubelet evicts it last under memory pressure. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'multus-cleanup-on-exit': {
    id: 'multus-cleanup-on-exit', kind: 'action', scope: 'cluster', disruptive: true,
    fixes: ['multus-pod-unhealthy', 'multus-ds-no-cleanup-on-exit'],
    title: 'Make Multus remove its config on exit',
    description: 'Adds --cleanup-config-on-exit=true to Multus (v4.1.0 or later), so a Multus pod that dies leaves no stale config behind. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'multus-wait-for-primary-cni': {
    id: 'multus-wait-for-primary-cni', kind: 'action', scope: 'cluster', disruptive: true,
    fixes: ['multus-primary-missing', 'multus-ds-no-primary-wait', 'signature:multus-no-default-network'],
    title: 'Make Multus wait for the primary CNI',
    description: 'Adds an initContainer to the Multus DaemonSet that waits until the primary CNI config file exists, so Multus never wraps anything else at boot. Its pods roll a few nodes at a time, as the DaemonSet\'s update strategy allows.',
  },
  'restart-primary-cni-pod': {
    id: 'restart-primary-cni-pod', kind: 'action', scope: 'node', disruptive: true,
    // The agent writes the node's config, installs its plugin binaries and serves every sandbox; a new pod also starts without the kubelet's crash back-off.
    fixes: ['primary-cni-agent-unhealthy', 'cni-config-missing', 'network-plugin-not-ready', 'multus-readiness-indicator-missing', 'multus-primary-missing', 'cni-plugin-binary-missing', ...AGENT_SIGNATURES],
    title: 'Restart the primary CNI pod on the node',
    description: 'Deletes the primary CNI agent\'s pod on this node (aws-node, calico-node, cilium...); its DaemonSet creates a fresh one, which writes the node\'s CNI config when it starts. Verified when the new pod is running and ready and the config is on the node.',
  },
  'remove-leftover-cni-config': {
    id: 'remove-leftover-cni-config', kind: 'advice', scope: 'node', disruptive: true,
    fixes: ['effective-config-unexpected', 'cni-foreign-config', 'cni-network-name-duplicate', 'signature:flannel-subnet-env-missing'],
    title: 'Remove the leftover CNI config',
    description: 'A config of another CNI sorts before the intended one and the runtime uses it. Remove it from the node once you know where it came from.',
  },
  'upgrade-multus': {
    id: 'upgrade-multus', kind: 'advice', scope: 'cluster', disruptive: true,
    fixes: ['multus-ds-old-version', 'multus-ds-no-cleanup-on-exit'],
    title: 'Upgrade Multus',
    description: 'Multus before v4.1.0 cannot clean up its config on exit. Upgrade the DaemonSet\'s image through your usual deployment path.',
  },
};

export function remediationInfo(id: string): RemediationInfo | undefined {
  return Object.hasOwn(CATALOGUE, id) ? CATALOGUE[id as RemediationId] : undefined;
}
