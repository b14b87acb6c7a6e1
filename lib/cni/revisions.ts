/**
 * A node's config files at one snapshot revision: the current one, or an
 * earlier one from the snapshot's history while its content is still kept
 * (producers drop history content oldest first to stay under the ConfigMap
 * size limit; see lib/cni/snapshot.ts and docs/snapshot-format.md).
 */
import type { Snapshot, SnapshotFile } from './snapshot';

export type RevisionLookup =
  | { ok: true; revision: number; observedAt: string; current: boolean; files: SnapshotFile[] }
  | { ok: false; revision: number; reason: 'unknown-revision' | 'content-dropped'; observedAt?: string };

/**
 * When the current revision was first seen: the agent records it as the
 * newest file modification time it saw; without one, the collection time.
 */
export function currentObservedAt(snapshot: Snapshot): string {
  if (snapshot.observedAt) return snapshot.observedAt;
  // Older producers do not record it: the newest file modification is the best guess.
  const times = snapshot.files.map((f) => f.modifiedAt).filter((t): t is string => !!t).sort();
  return times.at(-1) ?? snapshot.collectedAt;
}

export function revisionFiles(snapshot: Snapshot, revision?: number): RevisionLookup {
  if (revision === undefined || revision === snapshot.revision) {
    return { ok: true, revision: snapshot.revision, observedAt: currentObservedAt(snapshot), current: true, files: snapshot.files };
  }
  const entry = snapshot.history.find((h) => h.revision === revision);
  if (!entry) return { ok: false, revision, reason: 'unknown-revision' };
  if (entry.files.some((f) => f.content === undefined)) return { ok: false, revision, reason: 'content-dropped', observedAt: entry.observedAt };
  return {
    ok: true,
    revision,
    observedAt: entry.observedAt,
    current: false,
    files: entry.files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, content: f.content, truncated: false })),
  };
}
