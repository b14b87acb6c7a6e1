import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DemoCluster } from '@/demo/cluster';
import type { DemoStats } from '@/demo/stats';
import type { PodObject } from '@/demo/types';
import type { ResourceKind } from '@/lib/model/cluster';
import { cachedVersions, expectCacheEqualsFreshList, KINDS } from '@/lib/testing/cache-consistency';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import type { ClusterCache } from './cache';
import { syncView } from '@/lib/views/sync';
import type { KubeError } from './errors';

/*
 * Issue #8's faults, injected into the demo cluster over its control surface
 * while the real ClusterCache (client-node, HTTPS) watches it. Each test
 * changes the cluster during the fault, then checks the outcome and that,
 * after recovery, the cache equals a fresh list: no lost, no phantom objects.
 */

let env: DemoCache;
let demo: DemoCluster;
let cache: ClusterCache;
/** The liveness probe scaled down: a lost connection is called after 300 ms without an answer. */
// The probe's timeout stays generous: a loaded test machine must not pass for a dead server.
const LIVENESS = { intervalMs: 50, timeoutMs: 1_000, failAfterMs: 300 };

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${demo.controlUrl}/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function stats(): Promise<DemoStats> {
  return (await (await fetch(`${demo.controlUrl}/stats`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as DemoStats;
}

/** Every error an informer reports, as it reports it (polling could miss a short one). */
function recordErrors(kind: ResourceKind): KubeError[] {
  const seen: KubeError[] = [];
  cache.informers[kind].subscribe((e) => {
    const err = cache.informers[kind].status().error;
    if (e.type === 'status' && err && seen.at(-1) !== err) seen.push(err);
  });
  return seen;
}

let serial = 0;
/**
 * The cluster moves on: two pods appear, the ones an earlier call added go,
 * and a snapshot ConfigMap changes. Written to the store directly, so it
 * works while the API is down or refusing us.
 */
function churn(): { added: string[]; removed: string[] } {
  const pods = demo.store.list('pods');
  const removed = pods.filter((p) => p.metadata.name.startsWith('fault-')).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
  for (const key of removed) demo.store.delete('pods', key);
  const template = pods.find((p) => !p.metadata.name.startsWith('fault-'))!;
  const added: string[] = [];
  for (const suffix of ['a', 'b']) {
    const pod = structuredClone(template) as PodObject;
    pod.metadata.name = `fault-${++serial}-${suffix}`;
    pod.metadata.uid = `00000000-0000-4000-8000-${String(serial).padStart(11, '0')}${suffix === 'a' ? 1 : 2}`;
    demo.store.create('pods', pod);
    added.push(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }
  demo.rebootWithRace(demo.nodeNames()[serial % demo.nodeNames().length]!);
  return { added, removed };
}

/** Every kind synced, no error, and no list in flight (a test's counters start from rest). */
const healthy = (): boolean => cache.sync().every((s) => s.synced && !s.error) && KINDS.every((k) => !cache.informers[k].status().listing);

beforeAll(async () => {
  env = await startDemoCache({}, { pageSize: 7, backoff: { initialMs: 50, maxMs: 400 }, liveness: LIVENESS });
  ({ demo, cache } = env);
  await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
});

afterEach(async () => {
  await fault({ fault: 'clear' });
  await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
  await expectCacheEqualsFreshList(cache, demo);
});

afterAll(async () => {
  await env?.stop();
});

describe('faults survived (issue #8)', () => {
  it('a watch answered 410: relists, and holds what the server holds', async () => {
    const lists = cache.informers.pods.status().lists;
    const { added, removed } = churn();
    await fault({ fault: 'watch-gone', resource: 'pods', count: 1 });
    await vi.waitFor(() => expect(cache.informers.pods.status().lists).toBeGreaterThanOrEqual(lists + 2), { timeout: 10_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
    const keys = Object.keys(cachedVersions(cache, 'pods'));
    expect(keys).toEqual(expect.arrayContaining(added));
    for (const k of removed) expect(keys).not.toContain(k);
  });

  it('an expired continue token mid-list: starts the list again from its first page', async () => {
    const errors = recordErrors('pods');
    const lists = cache.informers.pods.status().lists;
    const served = (await stats()).byResource.pods!.lists;
    await fault({ fault: 'expire-continue', resource: 'pods', count: 1 });
    churn();
    // Every resourceVersion expires: whether its watch is open or reconnecting, the informer must relist.
    await fault({ fault: 'relist' });
    // The relist met the 410 on its second page and listed again: two lists, no error shown.
    await vi.waitFor(() => expect(cache.informers.pods.status()).toMatchObject({ lists: lists + 2, listing: false }), { timeout: 10_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
    // More pages served than one list needs: the first attempt's pages were thrown away.
    expect((await stats()).byResource.pods!.lists - served).toBeGreaterThan(Math.ceil(cache.informers.pods.size / 7));
    expect(errors).toEqual([]);
  });

  it('a frozen API server (stopped, or partitioned): the liveness probe notices, every kind is stale with the reason; thawed, the watches resume without a relist', async () => {
    const before = Object.fromEntries(KINDS.map((k) => [k, cache.informers[k].status().lists]));
    await fault({ fault: 'freeze' });
    const { added, removed } = churn();
    // Open watches say nothing and new requests hang: only the probe can tell.
    await vi.waitFor(() => expect(cache.sync().every((s) => /^no answer from the API server for \d+ s \(GET \/livez: /.test(s.error ?? ''))).toBe(true), { timeout: 10_000, interval: 20 });
    // Lost, the kinds send nothing more: only the probe knocks (each knock is one more request the frozen server holds).
    const attempts = KINDS.map((k) => cache.informers[k].status().watches + cache.informers[k].status().lists);
    const held = async (): Promise<number> => ((await (await fetch(`${demo.controlUrl}/faults`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as { held: number }).held;
    const knocks = await held();
    await vi.waitFor(async () => expect(await held()).toBeGreaterThanOrEqual(knocks + 3), { timeout: 10_000, interval: 20 });
    expect(KINDS.map((k) => cache.informers[k].status().watches + cache.informers[k].status().lists)).toEqual(attempts);
    const view = syncView(cache.sync());
    expect(view.stale).toBe(true);
    expect(view.reason).toMatch(/^cannot reach the API server \(no answer from the API server for \d+ s .* — every kind$/);
    await fault({ fault: 'clear', name: 'freeze' });
    await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
    // Resumed from their resourceVersions: the changes made during the freeze came as watch events, no kind listed again.
    expect(Object.fromEntries(KINDS.map((k) => [k, cache.informers[k].status().lists]))).toEqual(before);
    const keys = Object.keys(cachedVersions(cache, 'pods'));
    expect(keys).toEqual(expect.arrayContaining(added));
    for (const k of removed) expect(keys).not.toContain(k);
  });

  it('connections reset: retried with backoff until they go through', async () => {
    const errors = recordErrors('pods');
    await fault({ fault: 'reset', count: 6 });
    churn();
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    expect(errors[0]!.code).toBeUndefined();
    expect(errors[0]!.message).toMatch(/ECONNRESET|socket hang up|closed|terminated/i);
    await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
  });

  it('the API server down for a while: stale at once, at most one list in flight per kind, caught up afterwards', async () => {
    await fetch(`${demo.controlUrl}/stats/reset`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}` } });
    const before = Object.fromEntries(KINDS.map((k) => [k, cache.informers[k].status().failures]));
    expect(Object.values(before).every((f) => f === 0)).toBe(true);
    const t0 = Date.now();
    await fault({ fault: 'down', seconds: 3 });
    await vi.waitFor(() => expect(cache.sync().every((s) => s.error)).toBe(true), { timeout: 5_000, interval: 20 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    // While it is down, the cluster changes; the informers retry with backoff (never a crash) until the
    // liveness probe calls the server lost, then wait for its next answer; meanwhile they keep what they had.
    churn();
    expect(KINDS.every((k) => cache.informers[k].size > 0)).toBe(true);
    await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 15_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
    // The cache reads as the dashboard's service account.
    const inFlight = (await stats()).listsInFlight['system:serviceaccount:cni-health:cni-health-dashboard'] ?? {};
    expect(Object.keys(inFlight).length).toBeGreaterThan(0);
    for (const c of Object.values(inFlight)) expect(c.max).toBeLessThanOrEqual(1);
  });

  it('429 with Retry-After: waits as long as the server asked, not the (shorter) backoff', async () => {
    const errors = recordErrors('pods');
    await fault({ fault: 'throttle', resource: 'pods', count: 2, retryAfterSeconds: 1 });
    churn();
    const t0 = Date.now();
    // Every resourceVersion expires: whether its watch is open or reconnecting, the informer must relist.
    await fault({ fault: 'relist' });
    await vi.waitFor(() => expect(errors.filter((e) => e.code === 429)).toHaveLength(2), { timeout: 10_000, interval: 20 });
    await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
    // Two refusals, each followed by at least the second asked for (the backoff alone is 50–100 ms).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2_000);
    expect(errors[0]).toMatchObject({ code: 429, retryAfterSeconds: 1 });
    await expectCacheEqualsFreshList(cache, demo);
  });

  it('500 on a list page: the list fails whole, is retried with backoff, and completes', async () => {
    const errors = recordErrors('pods');
    await fault({ fault: 'list-5xx', resource: 'pods', page: 'next', count: 1 });
    churn();
    // Every resourceVersion expires: whether its watch is open or reconnecting, the informer must relist.
    await fault({ fault: 'relist' });
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toContain(500), { timeout: 10_000, interval: 20 });
    await expectCacheEqualsFreshList(cache, demo);
  });

  it('401: every kind reports it and keeps trying; recovers when the token is accepted again', async () => {
    const errors = recordErrors('nodes');
    await fault({ fault: 'unauthorized' });
    churn();
    await vi.waitFor(() => expect(cache.sync().every((s) => s.errorCode === 401)).toBe(true), { timeout: 5_000, interval: 20 });
    expect(errors[0]!.code).toBe(401);
    expect(cache.informers.pods.size).toBeGreaterThan(0);
    await fault({ fault: 'clear', name: 'unauthorized' });
    await vi.waitFor(() => expect(healthy()).toBe(true), { timeout: 10_000, interval: 20 });
  });

  it('403 on events: that kind is hidden and marked forbidden, the others keep working', async () => {
    await fault({ fault: 'forbid', resource: 'events' });
    await vi.waitFor(() => expect(cache.sync().find((s) => s.kind === 'events')).toMatchObject({ forbidden: true, errorCode: 403, count: 0 }), { timeout: 5_000, interval: 20 });
    // A watch's 403 carries no body through client-node; the next attempt, a list, has the RBAC wording.
    await vi.waitFor(() => expect(cache.sync().find((s) => s.kind === 'events')!.error).toMatch(/events is forbidden: User "system:serviceaccount:cni-health:cni-health-dashboard" cannot list resource "events"/), { timeout: 5_000, interval: 20 });
    const { added } = churn();
    await expectCacheEqualsFreshList(cache, demo, KINDS.filter((k) => k !== 'events'));
    expect(Object.keys(cachedVersions(cache, 'pods'))).toEqual(expect.arrayContaining(added));
    expect(cache.sync().filter((s) => s.error).map((s) => s.kind)).toEqual(['events']);
    await fault({ fault: 'clear', name: 'forbid' });
    await vi.waitFor(() => expect(cache.sync().find((s) => s.kind === 'events')!.forbidden).toBeUndefined(), { timeout: 10_000, interval: 20 });
  });
});
