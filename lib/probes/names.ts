/** Where probe reports live in the cluster: one ConfigMap per node, written by that node's prober. */

export const PROBE_LABEL = 'cni-health.io/probe';
export const PROBE_LABEL_VALUE = 'v1';
export const PROBE_DATA_KEY = 'probe.json';
/** Same annotation as the snapshots: the node the object speaks for, bound by the admission policy. */
export const PROBE_NODE_ANNOTATION = 'cni-health.io/node';
export const PROBER_APP = 'cni-health-prober';
/** The probers' own port: the only port a probe ever connects to. */
export const PROBER_PORT = 9809;
/** Peers each node probes, and rounds. */
export const DEFAULT_PEERS = 4;
export const DEFAULT_INTERVAL_SECONDS = 30;
/** Unchanged reports are re-published this often: N/600 writes/s in steady state (8.3/s at 5,000 nodes). */
export const DEFAULT_HEARTBEAT_SECONDS = 600;

const PREFIX = 'cni-probe-';

export function probeConfigMapName(node: string, hash: (s: string) => string): string {
  const name = `${PREFIX}${node}`;
  if (name.length <= 253) return name;
  return `${name.slice(0, 253 - 17)}-${hash(node).slice(0, 16)}`;
}

/** The node a report ConfigMap's name designates, when the name is not a hashed long one. */
export function nodeOfProbeConfigMapName(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  return name.length === 253 && /-[0-9a-f]{16}$/.test(name) ? undefined : name.slice(PREFIX.length);
}
