/**
 * A short name per node rule (and per Multus DaemonSet rule, which every
 * node it runs on carries), the same for every node: the fleet list and the
 * rule filter count nodes per rule, and a finding's own title speaks for one
 * node only ("4 peers fail", a file name). rule-names.test.ts fails when a
 * rule emits an id that has no name here.
 */
export const RULE_NAMES: Readonly<Record<string, string>> = {
  'multus-nested-delegates': 'Multus config nested inside itself',
  'multus-primary-missing': 'Multus without a primary network',
  'multus-not-effective': 'Multus config not the one in use',
  'multus-kubeconfig-missing': 'Multus kubeconfig missing',
  'multus-delegate-version-mismatch': 'Multus delegate cniVersion mismatch',
  'multus-readiness-indicator-missing': 'Multus readiness indicator missing',
  'multus-config-absent': 'Multus config absent',
  'multus-pod-unhealthy': 'Multus pod unhealthy',
  'primary-cni-agent-missing': 'Primary CNI agent pod missing',
  'primary-cni-agent-unhealthy': 'Primary CNI agent pod unhealthy',
  'cni-config-missing': 'No CNI config',
  'cni-config-invalid': 'Invalid CNI config',
  'cni-config-invalid-json': 'CNI config not valid JSON',
  'cni-config-duplicate-key': 'Duplicate key in a CNI config',
  'cni-config-no-type': 'CNI plugin without a type',
  'cni-config-number-out-of-range': 'Number out of range in a CNI config',
  'cni-config-too-deep': 'CNI config nested too deep',
  'cni-config-too-large': 'CNI config too large',
  'cni-config-truncated': 'CNI config cut short',
  'cni-config-unreadable': 'CNI config unreadable',
  'cni-config-wrong-format': 'CNI config in the wrong format',
  'cni-config-reload-failed': 'CNI config not (re)loaded',
  'cni-conflist-no-plugins': 'Conflist without plugins',
  'cni-chain-duplicate-plugin': 'Plugin twice in a chain',
  'cni-chain-no-main-plugin': 'Chain without a main plugin',
  'cni-foreign-config': 'Foreign CNI config',
  'cni-kubeconfig-token-expired': 'CNI API token expired',
  'cni-network-name-duplicate': 'Duplicate network name',
  'cni-plugin-binary-missing': 'CNI plugin binary missing',
  'cni-version-unsupported': 'Unsupported cniVersion',
  'effective-config-unexpected': 'Unexpected config in use',
  'network-plugin-not-ready': 'Network plugin not ready',
  'pod-sandbox-failing': 'Pod sandboxes failing',
  'pod-ip-outside-pod-network': 'Pod IPs outside the pod network',
  'pod-networks-missing': 'Pods missing networks',
  'ipam-exhausted': 'IP addresses exhausted',
  'host-local-addresses-leaked': 'host-local addresses leaked',
  'data-plane-unreachable': 'Pod network unreachable',
  'data-plane-outbound': 'Pod network fails outbound',
  'data-plane-partial': 'Pod network partly failing',
  'data-plane-zone-path': 'Zone path failing',
  'data-plane-prober-no-sandbox': 'Prober pod without a sandbox',
  'data-plane-working': 'Running pods reachable',
  'config-drift': 'Config differs from the fleet',
  'multus-ds-not-guaranteed': 'Multus DaemonSet not Guaranteed QoS',
  'multus-ds-old-version': 'Multus DaemonSet on an affected version',
  'multus-ds-no-cleanup-on-exit': 'Multus DaemonSet without cleanup on exit',
  'multus-ds-no-primary-wait': 'Multus DaemonSet not waiting for the primary CNI',
  'snapshot-stale': 'Snapshot stale',
  'snapshot-invalid': 'Snapshot invalid',
  'snapshot-truncated': 'Snapshot truncated',
  'snapshot-ignored': 'Snapshot ignored',
};

export function ruleName(ruleId: string): string | undefined {
  return Object.hasOwn(RULE_NAMES, ruleId) ? RULE_NAMES[ruleId] : undefined;
}
