import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoCluster } from '@/demo/cluster';
import { KINDS } from '@/lib/testing/cache-consistency';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import type { ClusterCache } from './cache';

/*
 * Issue 12, defect 1: a quiet cluster is not a dead one. The demo cluster
 * sends bookmarks as a real API server does (only once a kind's watch cache
 * moved past a watch, none for events; no progress notifications here), so
 * with nothing changing every watch is silent. The cache's liveness probe
 * runs 400 times faster than by default; silence lasting many times its
 * failure threshold must not make anything stale, restart a watch or list.
 */

let env: DemoCache;
let demo: DemoCluster;
let cache: ClusterCache;
// The probe's timeout stays generous: a loaded test machine must not pass for a dead server.
const LIVENESS = { intervalMs: 50, timeoutMs: 1_000, failAfterMs: 300 };

beforeAll(async () => {
  // No scenario ticks, bookmarks due every 100 ms (they still need a change to be sent), no progress notifications.
  env = await startDemoCache({ tickMs: 3_600_000, bookmarkMs: 100, progressNotifyMs: 0 }, { pageSize: 7, liveness: LIVENESS });
  ({ demo, cache } = env);
});

afterAll(async () => {
  await env?.stop();
});

describe('a quiet cluster', () => {
  it('stays fresh: no error, no watch restart, no list after the initial sync, and lastSyncedAt follows the liveness answers', async () => {
    await vi.waitFor(() => expect(KINDS.every((k) => !cache.informers[k].status().listing && cache.informers[k].status().synced)).toBe(true), { timeout: 10_000, interval: 20 });
    const rv = demo.store.currentRv();
    const counters = (): Record<string, { lists: number; watches: number; events: number }> =>
      Object.fromEntries(KINDS.map((k) => {
        const s = cache.informers[k].status();
        return [k, { lists: s.lists, watches: s.watches, events: s.events }];
      }));
    const before = counters();
    const errors: string[] = [];
    for (const k of KINDS) {
      cache.informers[k].subscribe(() => {
        const e = cache.informers[k].status().error;
        if (e) errors.push(`${k}: ${e.message}`);
      });
    }
    const t0 = Date.now();
    // The probe's answers are the clock: every kind confirmed fresh by one given ten failure thresholds after t0.
    await vi.waitFor(() => {
      for (const s of cache.sync()) expect(Date.parse(s.lastSyncedAt ?? '')).toBeGreaterThanOrEqual(t0 + 10 * LIVENESS.failAfterMs);
    }, { timeout: 15_000, interval: 50 });
    // Quiet indeed: nothing changed on the server, so no watch event and no bookmark could have come.
    expect(demo.store.currentRv()).toBe(rv);
    expect(counters()).toEqual(before);
    expect(errors).toEqual([]);
    expect(cache.sync().filter((s) => s.error || !s.synced)).toEqual([]);
  });
});
