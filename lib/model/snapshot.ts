import type { Snapshot } from '@/lib/cni/snapshot';

/** A node's snapshot as the dashboard holds it: parsed, or the reason it could not be. */
export interface SnapshotModel {
  namespace: string;
  configMapName: string;
  resourceVersion: string;
  node: string;
  snapshot?: Snapshot;
  error?: string;
}
