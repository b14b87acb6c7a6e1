import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { createClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, requestUser } from '@/lib/k8s/user';
import { previewBulk, startBulk, type FleetSource } from './bulk';
import { snapshotBulk } from './bulk-store';

/*
 * The scale demo's seeded nodes (demo/scale) break the same way as the
 * scenario's; a bulk repair must work on them too, not only on the 12
 * simulated ones. A small fleet with a high broken ratio keeps it quick.
 */

let demo: DemoCluster;
let cache: ClusterCache;
const NS = 'cni-health';
const RULE = 'multus-nested-delegates';
const timing = { agentTimeoutMs: 15_000, nodeTimeoutMs: 30_000, rolloutStallMs: 20_000, pollMs: 100 };
const fleet: FleetSource = {
  all: () => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes,
  one: (name) => diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((d) => d.node.name === name),
};
const nested = (): string[] => [...fleet.all()].filter((d) => d.findings.some((f) => f.ruleId === RULE)).map((d) => d.node.name).sort();

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-bulk-scale-')), tickMs: 100, rbacWarmupMs: 0, scale: { nodes: 112, pods: 2_000, events: 1_000, eventRate: 0, brokenRatio: 0.05 } });
  const kc = new KubeConfig();
  kc.loadFromFile(demo.kubeconfigPath);
  cache = createClusterCache(kc, { name: 'cni-health-demo', server: demo.url, demo: true }, { namespace: NS, backoff: { initialMs: 20, maxMs: 200 } });
  await vi.waitFor(() => expect(cache.sync().every((s) => s.synced)).toBe(true), { timeout: 20_000, interval: 50 });
}, 60_000);

afterAll(async () => {
  await cache?.stop();
  await demo?.dispose();
});

describe('bulk repair in the scale demo', () => {
  it('repairs the seeded self-nested nodes as well as the scenario\'s', async () => {
    const r = requestUser(cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
    if (!r.ok) throw new Error(r.error);
    const before = nested();
    const seeded = before.filter((n) => !demo.nodeNames().includes(n));
    expect(seeded.length).toBeGreaterThanOrEqual(3);
    const p = await previewBulk(fleet, r.user, { ruleId: RULE, action: 'repair-node-cni-config' }, NS);
    if (!p.ok) throw new Error(p.error);
    expect(p.preview.canApply).toBe(true);
    expect(p.preview.nodes.map((n) => n.node)).toEqual(before);
    const started = await startBulk(cache, fleet, r.user, { previewId: p.preview.previewId!, confirm: p.preview.confirmText, idempotencyKey: 'bulk-scale-1' }, NS, timing);
    if (!started.ok) throw new Error(started.error);
    await vi.waitFor(async () => expect(['done', 'stopped']).toContain((await snapshotBulk(started.operation.id))?.state), { timeout: 120_000, interval: 200 });
    const done = (await snapshotBulk(started.operation.id))!;
    expect(done.outcome).toMatch(/^Done/);
    expect(done.nodes.filter((n) => n.state !== 'verified')).toEqual([]);
    expect(nested()).toEqual([]);
  }, 150_000);
});
