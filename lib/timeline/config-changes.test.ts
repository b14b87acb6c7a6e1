import { describe, expect, it } from 'vitest';
import { at, brokenAtSnapshot, healthySnapshot } from '@/lib/testing/models';
import { configChanges } from './config-changes';

describe('configChanges', () => {
  it('lists observed revisions from history and estimates the current one from file mtimes', () => {
    const changes = configChanges(brokenAtSnapshot('node-a', -40).snapshot);
    expect(changes.map((c) => [c.revision, c.at, c.source, c.files])).toEqual([
      [1, at(-3 * 24 * 60), 'observed', ['10-aws.conflist']],
      [2, at(-3 * 24 * 60 + 1), 'observed', ['00-multus.conf']],
      [3, at(-40), 'file-modified', ['00-multus.conf']],
    ]);
  });

  it('has nothing to say without history or a snapshot', () => {
    expect(configChanges(healthySnapshot('node-a').snapshot)).toEqual([]);
    expect(configChanges(undefined)).toEqual([]);
  });

  it('does not guess the current revision when no mtime is newer than the previous revision', () => {
    const snap = brokenAtSnapshot('node-a', -40).snapshot!;
    const stale = { ...snap, files: snap.files.map((f) => ({ ...f, modifiedAt: at(-5 * 24 * 60) })) };
    expect(configChanges(stale).map((c) => c.revision)).toEqual([1, 2]);
  });
});
