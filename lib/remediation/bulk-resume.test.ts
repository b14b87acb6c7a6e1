/**
 * A bulk repair whose replica died, against the demo cluster, state in
 * Secrets: the dead runner's record says one node verified, one in flight
 * (its own operation begun, no call made yet) and one queued. The Lease
 * holder claims the bulk record and the node's operation, finishes the node
 * in flight through that operation (never a second one), starts the queued
 * node as the user who started the bulk repair, never touches the node
 * already done, and reports the end in the same record the user reads.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OperationView } from '@/lib/api/remediation';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { DEMO_USER_COOKIE, requestUser } from '@/lib/k8s/user';
import { bulkLedgerOf, bulkObjectName, fromRecord as bulkFromRecord } from '@/lib/state/bulks';
import { setDashboardState, type DashboardState } from '@/lib/state/dashboard-state';
import { replicaState } from '@/lib/testing/replica-state';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { actorOf, actorText } from './actor';
import { nodeOperationId } from './bulk-run';
import { createBulkOperation, setNodeState, snapshotBulk } from './bulk-store';
import { planRepairNodeCniConfig } from './node-plans';
import { readOperation } from './operations';
import { newRequestId, sha256Hex } from './preview';
import { planHash } from './previews';
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

const nested = (): string[] => diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.filter((d) => d.findings.some((f) => f.ruleId === RULE)).map((d) => d.node.name).sort();

describe('a bulk repair whose replica died', () => {
  it('is finished by the Lease holder from its recorded node states, as its user, each node audited once', async () => {
    for (const n of env.demo.nodeNames().filter((x) => !nested().includes(x)).slice(0, Math.max(0, 3 - nested().length))) env.demo.rebootWithRace(n);
    await vi.waitFor(() => expect(nested().length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 100 });
    const [done, inFlight, queued] = nested();
    const admin = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
    if (!admin.ok) throw new Error(admin.error);
    const at = new Date().toISOString();
    const plans = new Map([done!, inFlight!, queued!].map((node) => {
      const d = diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((x) => x.node.name === node)!;
      const req = newRequestId();
      return [node, { req, plan: planRepairNodeCniConfig(d, { id: req, at, by: 'admin', namespace: NS, sha256Hex }) }];
    }));

    // What the dead runner left: the bulk record, one node "verified", one in flight with its operation begun, one queued.
    const dead = replica('replica-dead');
    setDashboardState(dead);
    const planRecord = { namespace: NS, at, items: [...plans].map(([node, p]) => ({ node, hash: planHash(p.plan), req: p.req })) };
    const { entry } = await createBulkOperation({ ruleId: RULE, action: 'repair-node-cni-config', title: 'Repair the node\'s CNI config', user: 'admin', concurrency: 1 }, planRecord, 'bulk-resume-1', 'h', actorText(actorOf(admin.user)));
    const id = entry.view.id;
    setNodeState(id, done!, 'verified', 'done and verified');
    const opId = nodeOperationId(entry, inFlight!);
    const p = plans.get(inFlight!)!.plan;
    const view: OperationView = {
      id: opId, action: p.action, title: 'Repair (bulk)', target: p.target, user: 'admin', state: 'running', startedAt: at,
      steps: [...p.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })), { id: 'verify', description: 'Check that it worked', state: 'pending' }],
    };
    await dead.ledger.begin(view, { requestHash: planHash(p), plan: JSON.stringify(p), namespace: NS, actor: actorText(actorOf(admin.user)) });
    setNodeState(id, inFlight!, 'running', undefined, opId);
    await bulkLedgerOf(dead.records, dead.identity).flush(id);

    const b = replica('replica-b');
    setDashboardState(b);
    expect(await snapshotBulk(id)).toMatchObject({ state: 'running', counts: { verified: 1, running: 1, queued: 1 } });
    let now = Date.now();
    const timing = { roundMs: 3_600_000, orphanMs: 15_000, sweepMs: 3_600_000, keepFinishedMs: 3_600_000, auditMaxBackoffMs: 60_000, heartbeatMs: 3_600_000 };
    const worker = startWorker(env.cache, b, timing, { agentTimeoutMs: 20_000, nodeTimeoutMs: 60_000, rolloutStallMs: 60_000, pollMs: 50 }, () => now);
    await vi.waitFor(async () => {
      await worker.round();
      expect(b.elector!.isLeader()).toBe(true);
    }, { timeout: 20_000, interval: 500 });
    now += 16_000;
    await worker.round();

    await vi.waitFor(async () => expect(bulkFromRecord((await b.records.get(bulkObjectName(id)))!)?.view.state).toBe('done'), { timeout: 90_000, interval: 250 });
    const end = bulkFromRecord((await b.records.get(bulkObjectName(id)))!)!;
    expect(end.runner).toBe('replica-b');
    expect(end.view.outcome).toMatch(/^Done: 3 verified, 0 failed, 0 skipped\. \(finished by another replica/);
    expect(end.view.nodes.map((n) => [n.node, n.state])).toEqual([[done, 'verified'], [inFlight, 'verified'], [queued, 'verified']]);
    // The node recorded as done was not acted on again (so it is still nested here); the other two are repaired, each audited once.
    expect(await readOperation(nodeOperationId(entry, done!))).toBeUndefined();
    await vi.waitFor(() => expect(nested()).toContain(done), { timeout: 5_000 });
    expect(nested()).not.toContain(inFlight);
    expect(nested()).not.toContain(queued);
    await vi.waitFor(async () => {
      expect(await auditEventsOf(opId)).toBe(1);
      expect(await auditEventsOf(nodeOperationId(entry, queued!))).toBe(1);
    }, { timeout: 10_000, interval: 200 });
    await worker.stop();
  }, 150_000);
});
