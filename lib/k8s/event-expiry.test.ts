import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditEvent, auditView } from '@/lib/remediation/audit';
import { expectCacheEqualsFreshList } from '@/lib/testing/cache-consistency';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';

/*
 * Events expire on the API server an hour after their last write (the demo
 * does it as kube-apiserver's --event-ttl does): the cache follows the
 * DELETED, and what is built from Events (the audit log) loses them too.
 * The demo's clock is moved; its sweep is run at once.
 */

const NS = 'cni-health';
let env: DemoCache | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

describe('Events expiring on the API server', () => {
  it('leave the cache and the audit log an hour after their last write, while one written later stays', async () => {
    let t = Date.now();
    env = await startDemoCache({ now: () => t, tickMs: 3_600_000, bookmarkMs: 100 });
    const { demo, cache } = env;
    const at = new Date(t + 30 * 60_000).toISOString();
    t += 30 * 60_000;
    const audit = auditEvent({
      operationId: 'op1', action: 'cordon-node', title: 'Cordon', target: { kind: 'Node', name: demo.nodeNames()[0]! }, user: 'admin', outcome: 'succeeded', message: 'done', at,
    }, NS, 'cni-health-dashboard-0');
    const res = await fetch(`${demo.url}/api/v1/namespaces/${NS}/events`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(audit) });
    expect(res.status).toBe(201);
    await vi.waitFor(() => expect(auditView(cache.informers.events.list(), NS).entries).toHaveLength(1), { timeout: 5_000, interval: 20 });
    const seeded = cache.informers.events.size - 1;
    expect(seeded).toBeGreaterThan(0);

    // An hour after the seeding: every seeded Event is gone from the cache, the audit record (written later) is not.
    t += 30 * 60_000;
    demo.expireEvents();
    await vi.waitFor(() => expect(cache.informers.events.size).toBe(1), { timeout: 5_000, interval: 20 });
    expect(auditView(cache.informers.events.list(), NS).entries).toHaveLength(1);

    // An hour after it was written, the audit record goes too: /audit can only show the last hour.
    t = Date.parse(at) + 60 * 60_000;
    demo.expireEvents();
    await vi.waitFor(() => expect(cache.informers.events.size).toBe(0), { timeout: 5_000, interval: 20 });
    expect(auditView(cache.informers.events.list(), NS).entries).toEqual([]);
    await expectCacheEqualsFreshList(cache, demo);
  });
});
