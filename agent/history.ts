/**
 * The revisions this agent has seen of its node's config directory. A new
 * revision only when the set of files changes (the digest of
 * docs/snapshot-format.md): an unchanged rescan or heartbeat keeps the
 * revision and the time it was first seen. Resumes from the snapshot already
 * published, so an agent restart (a DaemonSet rollout) neither resets the
 * revision numbers nor forgets when the current files appeared.
 */
import { createHash } from 'node:crypto';
import type { Snapshot } from '../lib/cni/snapshot';
import type { ScannedFile } from './scan';

export interface RevisionFile { name: string; sha256?: string; size: number; content?: string }
export interface Revision { revision: number; observedAt: string; digest: string; files: RevisionFile[] }

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** sha256 over the `name NUL sha256 LF` lines sorted by name; a file without a hash contributes an empty one. */
export function digestOf(files: readonly { name: string; sha256?: string }[]): string {
  const lines = [...files].sort((a, b) => byteOrder(a.name, b.name)).map((f) => `${f.name}\0${f.sha256 ?? ''}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** What a revision remembers of a file: its content only when it was read whole. */
function remembered(f: ScannedFile): RevisionFile {
  const keep = f.content !== undefined && !f.truncated && f.error === undefined;
  return { name: f.name, ...(f.sha256 ? { sha256: f.sha256 } : {}), size: f.size, ...(keep ? { content: f.content } : {}) };
}

export class RevisionLog {
  private cur: Revision | undefined;
  /** Newest first. */
  private older: Revision[] = [];

  constructor(private readonly depth: number) {}

  get current(): Revision | undefined {
    return this.cur;
  }

  get earlier(): readonly Revision[] {
    return this.older;
  }

  /** Records the directory as scanned at `at`; true when that is a new revision. */
  observe(files: readonly ScannedFile[], at: Date): boolean {
    const digest = digestOf(files);
    if (this.cur?.digest === digest) return false;
    if (this.cur) this.older = [this.cur, ...this.older].slice(0, this.depth);
    this.cur = { revision: (this.cur?.revision ?? 0) + 1, observedAt: at.toISOString(), digest, files: files.map(remembered) };
    return true;
  }

  /** Continues from a published snapshot (ours, from before a restart). */
  resume(doc: Snapshot): void {
    const files = doc.files.map((f) => remembered({ ...f, truncated: f.truncated }));
    this.cur = { revision: doc.revision, observedAt: doc.observedAt ?? doc.collectedAt, digest: doc.digest, files };
    this.older = doc.history.slice(0, this.depth).map((h) => ({ ...h, files: h.files.map((f) => ({ ...f })) }));
  }
}
