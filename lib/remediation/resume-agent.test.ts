/**
 * An operation whose runner died while waiting for a node agent's answer
 * (docs/repair-protocol.md), against the demo cluster: the dead runner's
 * record is what run.ts leaves (the repair request created as the user, its
 * creation recorded, the answer not read). The leader claims it, re-attaches
 * to the request, reads the agent's answer, verifies the node and audits
 * once. (The repair has no call after the agent's answer any more, since it
 * restarts nothing: docs/repair-protocol.md, "The window".)
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OperationView } from '@/lib/api/remediation';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { performCall } from '@/lib/k8s/actions';
import { DEMO_USER_COOKIE, requestUser } from '@/lib/k8s/user';
import { setDashboardState, type DashboardState } from '@/lib/state/dashboard-state';
import { fromRecord, objectName, operationId } from '@/lib/state/operations';
import { replicaState } from '@/lib/testing/replica-state';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { actorOf, actorText } from './actor';
import { planRepairNodeCniConfig } from './node-plans';
import { newRequestId, sha256Hex } from './preview';
import { startWorker } from './worker';

const NS = 'cni-health';
const RULE = 'multus-nested-delegates';
let env: DemoCache;

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 100 });
});
afterEach(() => setDashboardState(undefined));
afterAll(async () => {
  await env?.stop();
});

const replica = (identity: string): DashboardState => replicaState(env.cache.kubeConfig, NS, identity);

async function auditEventsOf(id: string): Promise<number> {
  const res = await fetch(`${env.demo.url}/api/v1/namespaces/${NS}/events`, { headers: { authorization: `Bearer ${env.demo.token}` } });
  const list = (await res.json()) as { items: { metadata: { annotations?: Record<string, string> } }[] };
  return list.items.filter((e) => e.metadata.annotations?.['cni-health.io/operation'] === id).length;
}

describe('a runner that died waiting for the node agent', () => {
  it('is resumed: the new owner reads the answer, verifies the node and audits it once', async () => {
    const admin = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
    if (!admin.ok) throw new Error(admin.error);
    const d = diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((n) => n.findings.some((f) => f.ruleId === RULE))!;
    const plan = planRepairNodeCniConfig(d, { id: newRequestId(), at: new Date().toISOString(), by: 'admin', namespace: NS, sha256Hex });
    expect(plan.blocked).toBeUndefined();
    // One call: the agent un-nests the file in place and nothing restarts Multus (docs/repair-protocol.md, "The window").
    expect(plan.calls).toHaveLength(1);
    const [create] = plan.calls;
    expect(create?.awaitRepairStatus).toBe(true);
    const multusUid = env.cache.state().pods.find((p) => p.nodeName === d.node.name && p.owner?.name === 'kube-multus-ds')?.uid;

    // What the dead runner left: its write-ahead record, the request made as the user, "awaiting" recorded.
    const dead = replica('replica-dead');
    setDashboardState(dead);
    const id = operationId('admin', 'resume-agent-1');
    const view: OperationView = {
      id, action: plan.action, title: 'Repair the node', target: plan.target, user: 'admin', state: 'running', startedAt: new Date().toISOString(),
      steps: [...plan.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })), { id: 'verify', description: 'Check that it worked', state: 'pending' }],
    };
    await dead.ledger.begin(view, { requestHash: 'h', plan: JSON.stringify(plan), namespace: NS, actor: actorText(actorOf(admin.user)) });
    dead.ledger.update(id, (op) => { op.steps[0]!.state = 'running'; });
    await dead.ledger.flush(id);
    expect((await performCall(admin.user.kubeConfig, create!, false)).ok).toBe(true);
    dead.ledger.update(id, (_op, extra) => { extra.awaiting = create!.id; });
    await dead.ledger.flush(id);

    const b = replica('replica-b');
    setDashboardState(b);
    let now = Date.now();
    const timing = { roundMs: 3_600_000, orphanMs: 15_000, sweepMs: 3_600_000, keepFinishedMs: 3_600_000, auditMaxBackoffMs: 60_000, heartbeatMs: 3_600_000 };
    const worker = startWorker(env.cache, b, timing, { agentTimeoutMs: 20_000, nodeTimeoutMs: 60_000, rolloutStallMs: 60_000, pollMs: 50 }, () => now);
    await vi.waitFor(async () => {
      await worker.round();
      expect(b.elector!.isLeader()).toBe(true);
    }, { timeout: 20_000, interval: 500 });
    now += 16_000;
    await worker.round();
    expect(b.ledger.owns(id)).toBe(true);

    await vi.waitFor(async () => expect(fromRecord((await b.records.get(objectName(id)))!)?.view).toMatchObject({ state: 'succeeded', audit: { state: 'recorded' } }), { timeout: 60_000, interval: 200 });
    const done = fromRecord((await b.records.get(objectName(id)))!)!;
    expect(done.view.outcome).toMatch(/finished by another replica/);
    expect(done.view.steps.map((s) => s.state)).toEqual(['done', 'done']);
    expect(done.view.steps[0]!.message).toMatch(/^agent un-nested 00-multus\.conf in place/);
    expect(done.runner).toBe('replica-b');
    expect(multusUid).toBeDefined();
    expect(env.cache.state().pods.find((p) => p.nodeName === d.node.name && p.owner?.name === 'kube-multus-ds')?.uid).toBe(multusUid);
    expect(diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((n) => n.node.name === d.node.name)!.findings.some((f) => f.ruleId === RULE)).toBe(false);
    expect(await auditEventsOf(id)).toBe(1);
    await worker.stop();
  });
});
