import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DemoCluster } from '@/demo/cluster';
import type { ResourceKind } from '@/lib/model/cluster';
import { expectCacheEqualsFreshList, KINDS } from '@/lib/testing/cache-consistency';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { syncView } from '@/lib/views/sync';
import type { InformerTuning } from './informers';

/*
 * 403s met by the dashboard's cache, reading as its least-privilege service
 * account against the demo cluster over HTTPS: the RBAC warm-up of a
 * restarted API server (keep the data, say why, recover), and a real loss
 * of access (drop the kind), found by persistence or by a
 * SelfSubjectAccessReview.
 */

let env: DemoCache | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const FAST: Partial<InformerTuning> = { backoff: { initialMs: 50, maxMs: 400 } };

async function fault(demo: DemoCluster, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${demo.controlUrl}/faults`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Every log line of the cache, for what the informers decided and why. */
function logged(): { lines: string[]; log: (m: string) => void } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(m) };
}

describe('403 from the API server', () => {
  it('after a restart, RBAC warm-up: the fleet is kept (never 0 nodes), stale with the reason, and back within seconds', async () => {
    env = await startDemoCache({ rbacWarmupMs: 2_000, bookmarkMs: 100 }, FAST);
    const { demo, cache } = env;
    const nodes = cache.informers.nodes.size;
    expect(nodes).toBeGreaterThan(0);
    const sizes: Partial<Record<ResourceKind, number>> = {};
    const reasons: string[] = [];
    let everForbidden = false;
    for (const kind of KINDS) {
      sizes[kind] = cache.informers[kind].size;
      cache.informers[kind].subscribe(() => {
        sizes[kind] = Math.min(sizes[kind]!, cache.informers[kind].size);
        everForbidden ||= cache.informers[kind].status().forbidden;
        const view = syncView(cache.sync());
        if (view.stale && view.reason) reasons.push(view.reason);
      });
    }
    await demo.stop();
    await demo.start();
    expect(demo.rbacSynced()).toBe(false);
    // Every kind meets the warm-up's 403 (its watch was cut by the restart)...
    await vi.waitFor(() => expect(cache.sync().filter((s) => s.errorCode === 403).map((s) => s.kind).sort()).toEqual([...KINDS].sort()), { timeout: 5_000, interval: 20 });
    expect(reasons.some((r) => /refuses the dashboard's account \(403 Forbidden\), as a restarting API server does/.test(r))).toBe(true);
    // ...and is current again once RBAC has synced.
    await vi.waitFor(() => expect(cache.sync().every((s) => s.synced && !s.error)).toBe(true), { timeout: 10_000, interval: 20 });
    expect(demo.rbacSynced()).toBe(true);
    expect(sizes.nodes).toBe(nodes);
    for (const kind of KINDS) expect(sizes[kind], kind).toBeGreaterThan(0);
    expect(everForbidden).toBe(false);
    await expectCacheEqualsFreshList(cache, demo);
  });

  it('a 403 that persists (and cannot be confirmed by asking) drops the kind, only after the grace period and several attempts', async () => {
    const { lines, log } = logged();
    env = await startDemoCache({ bookmarkMs: 100 }, { ...FAST, log, accessLoss: { graceMs: 1_500, minAttempts: 3 } });
    const { demo, cache } = env;
    const events = cache.informers.events;
    const held = events.size;
    // The service account may not even ask (as if it lost system:basic-user): only persistence can decide.
    await fault(demo, { fault: 'forbid', resource: 'selfsubjectaccessreviews' });
    await fault(demo, { fault: 'forbid', resource: 'events' });
    await vi.waitFor(() => expect(events.status().error?.code).toBe(403), { timeout: 5_000, interval: 20 });
    expect(events.status()).toMatchObject({ forbidden: false, count: held });
    await vi.waitFor(() => expect(events.status()).toMatchObject({ forbidden: true, count: 0 }), { timeout: 10_000, interval: 20 });
    const lost = lines.find((l) => l.startsWith('events: ') && l.includes('access lost'));
    const [, seconds, attempts] = /403 for (\d+) s over (\d+) attempts/.exec(lost ?? '') ?? [];
    expect(Number(seconds)).toBeGreaterThanOrEqual(2); // 1.5 s, rounded
    expect(Number(attempts)).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.startsWith('events: 403 for') && l.includes('keeping the last data'))).toBe(true);
    await fault(demo, { fault: 'clear', name: 'forbid' });
    await vi.waitFor(() => expect(events.status()).toMatchObject({ forbidden: false, error: undefined }), { timeout: 10_000, interval: 20 });
    expect(events.size).toBe(held);
  });

  it('a SelfSubjectAccessReview with the server\'s own credentials confirming the denial drops the kind at once', async () => {
    const { lines, log } = logged();
    env = await startDemoCache({ bookmarkMs: 100 }, { ...FAST, log, accessLoss: { graceMs: 3_600_000, minAttempts: 1_000 } });
    const { demo, cache } = env;
    await fault(demo, { fault: 'forbid', resource: 'events' });
    await vi.waitFor(() => expect(cache.informers.events.status()).toMatchObject({ forbidden: true, count: 0 }), { timeout: 5_000, interval: 20 });
    expect(lines.filter((l) => l.startsWith('events: 403 confirmed by a SelfSubjectAccessReview')).length).toBeGreaterThan(0);
    expect(cache.informers.pods.size).toBeGreaterThan(0);
  });
});
