import type { Snapshot } from '@/lib/cni/snapshot';

/** An ownerReference as the snapshot binding check needs it. */
export interface OwnerRefModel {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/**
 * A node's snapshot as the dashboard holds it: parsed, or the reason it
 * could not be, plus the raw identity facts of its ConfigMap. Which node it
 * speaks for is decided by lib/cni/snapshot-binding.ts, never by `node` alone.
 */
export interface SnapshotModel {
  namespace: string;
  /** The ConfigMap's name; empty for a snapshot that is not a ConfigMap (an offline bundle). */
  configMapName: string;
  resourceVersion: string;
  /** The node the document names (or, when it cannot be parsed, the annotation). */
  node: string;
  /** The cni-health.io/node annotation, as written (bounded). */
  annotatedNode?: string;
  /** The ConfigMap's ownerReferences (bounded). */
  owners?: OwnerRefModel[];
  snapshot?: Snapshot;
  error?: string;
}
