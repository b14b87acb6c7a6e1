/**
 * The size budget, in the order docs/snapshot-format.md prescribes: history
 * content oldest first, then history entries oldest first, then current
 * content; current names, sizes and hashes always stay.
 */
import { describe, expect, it } from 'vitest';
import { snapshotSchema } from '../lib/cni/snapshot';
import { buildDocument, documentBytes, HISTORY_CONTENT_MAX } from './document';
import { digestOf, RevisionLog } from './history';
import type { ScannedFile } from './scan';
import { sha } from './test-support';

const file = (name: string, content: string): ScannedFile => ({ name, size: Buffer.byteLength(content), sha256: sha(content), content, truncated: false });
const T0 = Date.UTC(2026, 0, 1);

/** A log whose revisions each changed one file of `size` bytes. */
function logWith(revisions: number, size: number, depth = 10): { log: RevisionLog; files: ScannedFile[] } {
  const log = new RevisionLog(depth);
  let files: ScannedFile[] = [];
  for (let i = 1; i <= revisions; i++) {
    files = [file('10-aws.conflist', '{}'), file('20-x.conf', String(i % 10).repeat(size))];
    log.observe(files, new Date(T0 + i * 1000));
  }
  return { log, files };
}

const input = (log: RevisionLog, files: ScannedFile[]): Parameters<typeof buildDocument>[0] =>
  ({ node: 'n1', collectedAt: new Date(T0 + 99_000), confDir: '/etc/cni/net.d', binDir: '/opt/cni/bin', files, probes: [], log });

describe('buildDocument', () => {
  it('keeps content for the newest history entries only, and marks nothing truncated when it fits', () => {
    const { log, files } = logWith(8, 10);
    const doc = snapshotSchema.parse(buildDocument(input(log, files)));
    expect(doc.revision).toBe(8);
    expect(doc.observedAt).toBe(new Date(T0 + 8000).toISOString());
    expect(doc.history.map((h) => h.revision)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(doc.history.map((h) => h.files.every((f) => f.content !== undefined))).toEqual([...Array(7)].map((_, i) => i < HISTORY_CONTENT_MAX));
    expect(doc.truncated).toBe(false);
    expect(doc.digest).toBe(digestOf(files));
  });

  it('drops history content oldest first, then whole entries oldest first, to fit the budget', () => {
    const { log, files } = logWith(6, 1000);
    const full = buildDocument(input(log, files), 10_000_000);
    const budget = documentBytes(full) - 2500;
    const doc = snapshotSchema.parse(buildDocument(input(log, files), budget));
    expect(documentBytes(doc)).toBeLessThanOrEqual(budget);
    expect(doc.truncated).toBe(true);
    expect(doc.history.map((h) => h.files.some((f) => f.content !== undefined))).toEqual([true, true, false, false, false]);

    const tight = snapshotSchema.parse(buildDocument(input(log, files), documentBytes(full) - 5500));
    expect(tight.history.map((h) => h.revision)).toEqual([5, 4, 3, 2]);
    expect(tight.history.every((h) => h.files.every((f) => f.content === undefined))).toBe(true);
  });

  it('drops current content last, largest first, keeping every name, size and hash', () => {
    const { log, files } = logWith(3, 5000);
    const doc = snapshotSchema.parse(buildDocument(input(log, files), 3000));
    expect(doc.history).toEqual([]);
    expect(doc.files.map((f) => [f.name, f.size, f.sha256, f.content, f.truncated])).toEqual([
      ['10-aws.conflist', 2, sha('{}'), '{}', false],
      ['20-x.conf', 5000, sha('3'.repeat(5000)), '', true],
    ]);
    expect(doc.truncated).toBe(true);
  });

  it('makes no new revision for an unchanged directory, and one for a changed hash of the same names', () => {
    const log = new RevisionLog(10);
    expect(log.observe([file('a.conf', '1')], new Date(T0))).toBe(true);
    expect(log.observe([file('a.conf', '1')], new Date(T0 + 1))).toBe(false);
    expect(log.observe([file('a.conf', '2')], new Date(T0 + 2))).toBe(true);
    expect(log.current).toMatchObject({ revision: 2, observedAt: new Date(T0 + 2).toISOString() });
    // A truncated file's content is not the file: history keeps only its hash.
    log.observe([{ ...file('a.conf', 'x'.repeat(10)), content: 'x', truncated: true }], new Date(T0 + 3));
    expect(log.current?.files[0]?.content).toBeUndefined();
  });
});
