import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { createClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { auditView } from './audit';
import { previewBulk, startBulk, type FleetSource } from './bulk';
import { requestCancel, snapshotBulk } from './bulk-store';
import { getOperation } from './operations';

/* Bulk repair of every self-nested node of the demo cluster, over HTTP, as its admin and its viewer. */

let demo: DemoCluster;
let cache: ClusterCache;
const NS = 'cni-health';
const RULE = 'multus-nested-delegates';
const timing = { agentTimeoutMs: 10_000, nodeTimeoutMs: 20_000, rolloutStallMs: 20_000, pollMs: 50 };

const fleet: FleetSource = {
  all: () => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes,
  one: (name) => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((d) => d.node.name === name),
};
const nested = (): string[] => [...fleet.all()].filter((d) => d.findings.some((f) => f.ruleId === RULE)).map((d) => d.node.name).sort();

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-bulk-')), tickMs: 100, rbacWarmupMs: 0 });
  const kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
  cache = createClusterCache(kc, { name: 'cni-health-demo', server: demo.url, demo: true }, { namespace: NS, backoff: { initialMs: 20, maxMs: 200 } });
  await vi.waitFor(() => expect(cache.sync().every((s) => s.synced)).toBe(true), { timeout: 10_000, interval: 20 });
});

afterAll(async () => {
  await cache?.stop();
  await demo?.dispose();
});

function demoUser(name: 'admin' | 'viewer'): UserContext {
  const r = requestUser(cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=${name}` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

describe('bulk repair against the demo cluster', () => {
  it('the viewer sees the plan but may not apply it', async () => {
    const r = await previewBulk(fleet, demoUser('viewer'), { ruleId: RULE, action: 'repair-node-cni-config' }, NS);
    expect(r.ok && r.preview.canApply).toBe(false);
    expect(r.ok && r.preview.previewId).toBeUndefined();
    expect(r.ok && r.preview.nodes.length).toBe(nested().length);
  });

  it('repairs every self-nested node after the typed count, each verified and audited on its own', async () => {
    const admin = demoUser('admin');
    const before = nested();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const r = await previewBulk(fleet, admin, { ruleId: RULE, action: 'repair-node-cni-config' }, NS);
    if (!r.ok) throw new Error(r.error);
    const p = r.preview;
    expect(p.canApply).toBe(true);
    expect(p.confirmText).toBe(String(before.length));
    expect(p.nodes.map((n) => n.node)).toEqual(before);
    expect(p.nodes.flatMap((n) => n.calls.map((c) => c.dryRun.ok))).toEqual(before.flatMap(() => [true]));
    // Nothing restarts Multus: the by-hand equivalent rewrites the file in place too.
    expect(p.nodes[0]!.kubectl.some((k) => k.command.includes(' delete pod '))).toBe(false);
    expect(p.nodes[0]!.kubectl.some((k) => k.command.startsWith(`kubectl debug node/${p.nodes[0]!.node} `))).toBe(true);

    const body = { previewId: p.previewId!, confirm: String(before.length), idempotencyKey: 'bulk-key-1' };
    expect(await startBulk(cache, fleet, admin, { ...body, confirm: String(before.length + 1), idempotencyKey: 'bulk-key-0' }, NS, timing)).toMatchObject({ ok: false, code: 'bad-request' });
    // Another user's preview is no preview at all.
    expect(await startBulk(cache, fleet, demoUser('viewer'), { ...body, idempotencyKey: 'bulk-key-v' }, NS, timing)).toMatchObject({ ok: false, code: 'conflict' });
    const first = await startBulk(cache, fleet, admin, body, NS, timing);
    const again = await startBulk(cache, fleet, admin, body, NS, timing);
    if (!first.ok || !again.ok) throw new Error('not started');
    expect(again.replayed).toBe(true);
    expect(again.operation.id).toBe(first.operation.id);

    await vi.waitFor(async () => expect((await snapshotBulk(first.operation.id))?.state).toBe('done'), { timeout: 60_000, interval: 100 });
    const done = (await snapshotBulk(first.operation.id))!;
    expect(done.nodes.map((n) => n.state)).toEqual(before.map(() => 'verified'));
    expect(done.counts).toMatchObject({ verified: before.length, failed: 0, skipped: 0, queued: 0, running: 0 });
    for (const n of done.nodes) expect(getOperation(n.operationId!)?.state).toBe('succeeded');
    expect(nested()).toEqual([]);
    await vi.waitFor(() => {
      const audit = auditView(cache.informers.events.list(), NS).entries.filter((e) => e.action === 'repair-node-cni-config' && e.outcome === 'succeeded');
      expect(audit.map((e) => e.target).sort()).toEqual(before.map((n) => `Node/${n}`));
    }, { timeout: 10_000, interval: 50 });
    expect(await requestCancel(first.operation.id, 'someone-else')).toBeUndefined();
  }, 90_000);

  it('skips a node whose finding went away before its turn, one node at a time', async () => {
    const admin = demoUser('admin');
    const names = demo.nodeNames().filter((n) => n.startsWith('ip-10-0-4-201') || n.startsWith('ip-10-0-40-9'));
    expect(names).toHaveLength(2);
    for (const n of names) demo.rebootWithRace(n);
    await vi.waitFor(() => expect(nested()).toEqual([...names].sort()), { timeout: 20_000, interval: 100 });
    const r = await previewBulk(fleet, admin, { ruleId: RULE, action: 'repair-node-cni-config' }, NS);
    if (!r.ok) throw new Error(r.error);
    const [first, second] = r.preview.nodes.map((n) => n.node);
    demo.heal(second!);
    await vi.waitFor(() => expect(nested()).toEqual([first]), { timeout: 20_000, interval: 100 });
    process.env.CNI_HEALTH_BULK_CONCURRENCY = '1';
    try {
      const started = await startBulk(cache, fleet, admin, { previewId: r.preview.previewId!, confirm: '2', idempotencyKey: 'bulk-key-2' }, NS, timing);
      if (!started.ok) throw new Error(started.error);
      expect(started.operation.concurrency).toBe(1);
      await vi.waitFor(async () => expect((await snapshotBulk(started.operation.id))?.state).toBe('done'), { timeout: 60_000, interval: 100 });
      const done = (await snapshotBulk(started.operation.id))!;
      expect(done.nodes).toEqual([
        expect.objectContaining({ node: first, state: 'verified' }),
        { node: second, state: 'skipped', message: 'the finding is gone: nothing to repair' },
      ]);
      expect(done.outcome).toBe('Done: 1 verified, 0 failed, 1 skipped.');
    } finally {
      delete process.env.CNI_HEALTH_BULK_CONCURRENCY;
    }
  }, 90_000);
});
