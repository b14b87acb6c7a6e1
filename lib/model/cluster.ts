/**
 * The cache's own vocabulary, shared by the transport (lib/k8s) and the
 * views that report on it: which kinds are watched, how fresh each is, and
 * which cluster this is.
 */

export type ResourceKind = 'nodes' | 'pods' | 'events' | 'daemonsets' | 'snapshots' | 'probes' | 'probemesh';

export interface KindSyncView {
  kind: ResourceKind;
  synced: boolean;
  /** Last time the cache was known to match the server: a list, a watch event or bookmark, or an answer to the liveness probe while its watch was open. */
  lastSyncedAt?: string;
  error?: string;
  /** HTTP status of the last failure (403, 429, 500…), absent for transport errors (reset, refused). */
  errorCode?: number;
  /** The server's credentials may not read this kind (403): it is left out, the rest is complete. */
  forbidden?: boolean;
  /** When the next attempt is due, while backing off. */
  retryAt?: string;
  count: number;
}

export interface ClusterView {
  /** kubeconfig context name, or `in-cluster`. */
  name: string;
  server: string;
  demo: boolean;
}
