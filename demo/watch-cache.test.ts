import { describe, expect, it } from 'vitest';
import { ObjectStore } from './store';
import { bookmarkPasses, BOOKMARK_FREQUENCY_MS, hasWatchCache, nextBookmarkAt, PROGRESS_NOTIFY_MS, WatchCacheClock } from './watch-cache';
import type { NamespaceObject } from './types';

const ns = (name: string): NamespaceObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) as NamespaceObject;

describe('the watch cache\'s bookmark rules', () => {
  it('defaults to the real cadence: a bookmark a minute, a progress notification every 10 minutes', () => {
    expect(BOOKMARK_FREQUENCY_MS).toBe(60_000);
    expect(PROGRESS_NOTIFY_MS).toBe(600_000);
  });

  it('is due a minute on, or 2 s before the deadline if that is sooner, and never once that is past', () => {
    expect(nextBookmarkAt(0, 3_600_000, 60_000)).toBe(60_000);
    expect(nextBookmarkAt(1_000, 30_000, 60_000)).toBe(28_000);
    expect(nextBookmarkAt(28_000, 30_000, 60_000)).toBe(28_000);
    expect(nextBookmarkAt(28_001, 30_000, 60_000)).toBeUndefined();
  });

  it('passes only past the RV the watch started from', () => {
    expect(bookmarkPasses(101, 100)).toBe(true);
    expect(bookmarkPasses(100, 100)).toBe(false);
    expect(bookmarkPasses(99, 100)).toBe(false);
  });

  it('events have no watch cache; the kinds the dashboard watches otherwise do', () => {
    expect(hasWatchCache('events')).toBe(false);
    for (const r of ['nodes', 'pods', 'configmaps', 'daemonsets'] as const) expect(hasWatchCache(r)).toBe(true);
  });

  it('moves a kind\'s RV on its own changes, every idle kind on a progress notification, a busy one not', () => {
    const store = new ObjectStore({ initialRv: 1000, historyLimit: 100 });
    const clock = new WatchCacheClock(store, ['namespaces', 'nodes', 'events'], 0);
    try {
      expect(clock.resourceVersion('events')).toBeUndefined();
      expect(clock.resourceVersion('nodes')).toBe(1000);
      const a = Number(store.create('namespaces', ns('a')).metadata.resourceVersion);
      expect(clock.resourceVersion('namespaces')).toBe(a);
      expect(clock.resourceVersion('nodes')).toBe(1000);
      clock.progressNotify();
      // namespaces changed within the interval (no notification for it); nodes were idle.
      expect(clock.resourceVersion('namespaces')).toBe(a);
      expect(clock.resourceVersion('nodes')).toBe(store.currentRv());
      const b = Number(store.create('namespaces', ns('b')).metadata.resourceVersion);
      clock.progressNotify();
      clock.progressNotify();
      expect(clock.resourceVersion('namespaces')).toBe(b);
      clock.requestProgress('nodes', b);
      expect(clock.resourceVersion('nodes')).toBe(b);
    } finally {
      clock.dispose();
    }
  });
});
