import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoCluster } from '@/demo/cluster';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import type { ClusterCache } from './cache';

/*
 * The cache against the demo cluster over real HTTP, through client-node:
 * the same path the dashboard takes to a real API server.
 */

let env: DemoCache;
let demo: DemoCluster;
let cache: ClusterCache;

async function listAll(path: string): Promise<Array<{ metadata: { namespace?: string; name: string } }>> {
  const res = await fetch(`${demo.url}${path}`, { headers: { authorization: `Bearer ${demo.token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Array<{ metadata: { namespace?: string; name: string } }> }).items;
}

const keysOf = (items: Array<{ metadata: { namespace?: string; name: string } }>): string[] =>
  items.map((i) => (i.metadata.namespace ? `${i.metadata.namespace}/${i.metadata.name}` : i.metadata.name)).sort();

async function expectCacheMatchesServer(): Promise<void> {
  await vi.waitFor(async () => {
    expect(cache.informers.pods.list().map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(keysOf(await listAll('/api/v1/pods')));
    expect(cache.informers.nodes.list().map((n) => n.name).sort()).toEqual(keysOf(await listAll('/api/v1/nodes')));
    const snaps = await listAll('/api/v1/namespaces/cni-health/configmaps?labelSelector=cni-health.io%2Fsnapshot');
    expect(cache.informers.snapshots.list().map((s) => `${s.namespace}/${s.configMapName}`).sort()).toEqual(keysOf(snaps));
  }, { timeout: 10_000, interval: 50 });
}

function snapshotRevision(node: string): number | undefined {
  return cache.informers.snapshots.list().find((s) => s.node === node)?.snapshot?.revision;
}

beforeAll(async () => {
  env = await startDemoCache({}, { pageSize: 7 });
  ({ demo, cache } = env);
});

afterAll(async () => {
  await env?.stop();
});

describe('cluster cache against the demo cluster', () => {
  it('lists every kind in pages and holds exactly what the server has', async () => {
    await expectCacheMatchesServer();
    expect(cache.informers.nodes.size).toBe(12);
    expect(cache.informers.snapshots.size).toBe(12);
    // 7 per page: more pods than that, so the first list needed several pages.
    expect(cache.informers.pods.size).toBeGreaterThan(7);
    for (const s of cache.sync()) {
      expect(s.lastSyncedAt).toBeDefined();
      expect(s.error).toBeUndefined();
    }
  });

  it('keeps slim projections only', () => {
    const pod = cache.informers.pods.list()[0]!;
    expect(Object.keys(pod)).not.toContain('metadata');
    expect(Object.keys(pod)).not.toContain('spec');
  });

  it('follows changes through the watch without listing again', async () => {
    const node = demo.nodeNames()[0]!;
    const before = snapshotRevision(node)!;
    const lists = cache.informers.snapshots.status().lists;
    demo.rebootWithRace(node);
    await vi.waitFor(() => expect(snapshotRevision(node)).toBe(before + 1), { timeout: 5_000, interval: 20 });
    expect(cache.informers.snapshots.status().lists).toBe(lists);
    demo.heal(node);
    await vi.waitFor(() => expect(snapshotRevision(node)).toBe(before + 2), { timeout: 5_000, interval: 20 });
  });

  it('relists when its resourceVersion has expired (410), and ends up equal to the server', async () => {
    const listsBefore = cache.informers.pods.status().lists;
    demo.compactHistory();
    const node = demo.nodeNames()[1]!;
    demo.rebootWithRace(node);
    demo.compactHistory();
    demo.dropWatches();
    await vi.waitFor(() => expect(cache.informers.pods.status().lists).toBeGreaterThan(listsBefore), { timeout: 5_000, interval: 20 });
    await expectCacheMatchesServer();
    await vi.waitFor(() => expect(snapshotRevision(node)).toBeGreaterThan(0), { timeout: 5_000 });
    demo.heal(node);
  });

  it('survives the API server going away, says so, and catches up after it returns', async () => {
    const node = demo.nodeNames()[2]!;
    const before = snapshotRevision(node)!;
    await demo.stop();
    await vi.waitFor(() => expect(cache.sync().some((s) => s.error)).toBe(true), { timeout: 5_000, interval: 20 });
    // The cluster moves on while we cannot see it.
    demo.rebootWithRace(node);
    await demo.start();
    await vi.waitFor(() => {
      expect(cache.sync().every((s) => !s.error)).toBe(true);
      expect(snapshotRevision(node)).toBe(before + 1);
    }, { timeout: 10_000, interval: 20 });
    await expectCacheMatchesServer();
    demo.heal(node);
  });
});
