/**
 * Two replicas behind one Service, state in Secrets, against the demo
 * cluster: the execute request of a bulk repair reaches the replica that did
 * not answer its preview. It must run there, once, whichever replica is asked
 * again; another user still finds no such preview.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { setDashboardState, type DashboardState } from '@/lib/state/dashboard-state';
import { replicaState } from '@/lib/testing/replica-state';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { previewBulk, startBulk, type FleetSource } from './bulk';
import { requestCancel } from './bulk-store';

const NS = 'cni-health';
const RULE = 'multus-nested-delegates';
const timing = { agentTimeoutMs: 10_000, nodeTimeoutMs: 20_000, rolloutStallMs: 20_000, pollMs: 50 };
let env: DemoCache;

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 100 });
});
afterEach(() => setDashboardState(undefined));
afterAll(async () => {
  await env?.stop();
});

/** A replica's state: the same Secrets, its own process memory. */
const replica = (identity: string): DashboardState => replicaState(env.cache.kubeConfig, NS, identity, { elector: false });

function demoUser(name: 'admin' | 'viewer'): UserContext {
  const r = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=${name}` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

const fleet: FleetSource = {
  all: () => diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes,
  one: (name) => diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((d) => d.node.name === name),
};

async function previewSecrets(): Promise<number> {
  const res = await fetch(`${env.demo.url}/api/v1/namespaces/${NS}/secrets?labelSelector=${encodeURIComponent('cni-health.io/record=preview')}`, { headers: { authorization: `Bearer ${env.demo.token}` } });
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe('a bulk preview answered by one replica', () => {
  it('is recorded in the cluster and executed by the other, once', async () => {
    await vi.waitFor(() => expect([...fleet.all()].some((d) => d.findings.some((f) => f.ruleId === RULE))).toBe(true), { timeout: 20_000, interval: 100 });
    const admin = demoUser('admin');
    setDashboardState(replica('replica-a'));
    const before = await previewSecrets();
    const r = await previewBulk(fleet, admin, { ruleId: RULE, action: 'repair-node-cni-config' }, NS);
    if (!r.ok) throw new Error(r.error);
    expect(r.preview.canApply).toBe(true);
    expect(await previewSecrets()).toBe(before + 1);

    setDashboardState(replica('replica-b'));
    const body = { previewId: r.preview.previewId!, confirm: r.preview.confirmText, idempotencyKey: 'replicas-key-1' };
    expect(await startBulk(env.cache, fleet, demoUser('viewer'), { ...body, idempotencyKey: 'replicas-key-v' }, NS, timing)).toMatchObject({ ok: false, code: 'conflict' });
    const started = await startBulk(env.cache, fleet, admin, body, NS, timing);
    if (!started.ok) throw new Error(started.error);
    expect(started.operation.nodes.map((n) => n.node)).toEqual(r.preview.nodes.map((n) => n.node));

    // Back on the first replica: the same preview with another key is already used; the same key finds the same repair.
    setDashboardState(replica('replica-a'));
    expect(await startBulk(env.cache, fleet, admin, { ...body, idempotencyKey: 'replicas-key-2' }, NS, timing)).toMatchObject({ ok: false, code: 'conflict', error: expect.stringMatching(/already applied/) });
    const again = await startBulk(env.cache, fleet, admin, body, NS, timing);
    expect(again).toMatchObject({ ok: true, replayed: true, operation: { id: started.operation.id } });
    await requestCancel(started.operation.id, admin.identity.user);
  }, 60_000);
});
