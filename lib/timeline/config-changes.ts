/**
 * When a node's CNI config changed, from its snapshot. History entries carry
 * the time the agent first saw each earlier revision; the document does not
 * say when the current revision appeared, so that time is estimated from the
 * newest mtime among the current files (bounded below by the previous
 * revision), and marked as an estimate.
 */
import type { Snapshot } from '@/lib/cni/snapshot';

export type ConfigChangeSource = 'observed' | 'file-modified';

export interface ConfigChange {
  revision: number;
  at: string;
  source: ConfigChangeSource;
  /** Files added, removed or changed against the revision before, when both are known. */
  files: string[];
}

type FileRef = { name: string; sha256?: string };

function changedFiles(before: readonly FileRef[] | undefined, after: readonly FileRef[]): string[] {
  if (!before) return after.map((f) => f.name).sort();
  const old = new Map(before.map((f) => [f.name, f.sha256]));
  const now = new Map(after.map((f) => [f.name, f.sha256]));
  const names = new Set([...old.keys(), ...now.keys()]);
  return [...names].filter((n) => old.get(n) !== now.get(n) || old.has(n) !== now.has(n)).sort();
}

/** Config changes of a node, oldest first. */
export function configChanges(snapshot: Snapshot | undefined): ConfigChange[] {
  if (!snapshot) return [];
  const history = [...snapshot.history].sort((a, b) => a.revision - b.revision);
  const changes: ConfigChange[] = history.map((r, i) => ({
    revision: r.revision,
    at: r.observedAt,
    source: 'observed',
    files: changedFiles(history[i - 1]?.files, r.files),
  }));
  const previous = history.at(-1);
  const newest = snapshot.files
    .map((f) => f.modifiedAt)
    .filter((t): t is string => !!t)
    .reduce<string | undefined>((a, t) => (!a || Date.parse(t) > Date.parse(a) ? t : a), undefined);
  if (previous && snapshot.revision > previous.revision && snapshot.observedAt) {
    changes.push({ revision: snapshot.revision, at: snapshot.observedAt, source: 'observed', files: changedFiles(previous.files, snapshot.files) });
  } else if (previous && snapshot.revision > previous.revision) {
    const estimate = newest && Date.parse(newest) > Date.parse(previous.observedAt) ? newest : undefined;
    if (estimate) {
      changes.push({ revision: snapshot.revision, at: estimate, source: 'file-modified', files: changedFiles(previous.files, snapshot.files) });
    }
  }
  return changes;
}
