/**
 * The work one replica does for all, against the demo cluster with the
 * dashboard's service account: an audit record that could not be written
 * while the API server was down is written once it is back, exactly once;
 * an operation whose runner stopped heartbeating is claimed and finished.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OperationView } from '@/lib/api/remediation';
import { setDashboardState, type DashboardState } from '@/lib/state/dashboard-state';
import { fromRecord, objectName, operationId } from '@/lib/state/operations';
import { replicaState } from '@/lib/testing/replica-state';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { auditEvent } from './audit';
import { AUDIT_PENDING, finishOperation } from './finish';
import { startWorker } from './worker';

const NS = 'cni-health';
let env: DemoCache;
let kc: KubeConfig;

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 3_600_000 });
  kc = env.cache.kubeConfig;
});
afterEach(() => setDashboardState(undefined));
afterAll(async () => {
  await env?.stop();
});

const replica = (identity: string): DashboardState => replicaState(kc, NS, identity);

const view = (id: string, stepState: 'done' | 'pending' = 'done'): OperationView => ({
  id, action: 'cordon-node', title: 'Cordon the node', target: { kind: 'Node', name: env.demo.nodeNames()[1]! }, user: 'admin', state: 'running',
  steps: [{ id: 'cordon', description: 'cordon', state: stepState }], startedAt: new Date().toISOString(),
});
const extra = { requestHash: 'h', plan: JSON.stringify({ action: 'cordon-node', calls: [{ id: 'cordon' }] }), namespace: NS };

async function control(body: object): Promise<void> {
  const res = await fetch(`${env.demo.controlUrl}/faults`, { method: 'POST', headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

async function auditEventsOf(id: string): Promise<number> {
  const res = await fetch(`${env.demo.url}/api/v1/namespaces/${NS}/events`, { headers: { authorization: `Bearer ${env.demo.token}` } });
  const list = (await res.json()) as { items: { metadata: { annotations?: Record<string, string> } }[] };
  return list.items.filter((e) => e.metadata.annotations?.['cni-health.io/operation'] === id).length;
}

describe('audit records are retried until written', () => {
  it('keeps a record the API server could not take (down), says so, and writes it once when it is back', async () => {
    const state = replica('replica-a');
    setDashboardState(state);
    let now = Date.now();
    const worker = startWorker(env.cache, state, { roundMs: 3_600_000, orphanMs: 15_000, sweepMs: 3_600_000, keepFinishedMs: 3_600_000, auditMaxBackoffMs: 60_000 }, undefined, () => now);
    const id = operationId('admin', 'audit-down-1');
    await state.ledger.begin(view(id), extra);

    await control({ fault: 'down', seconds: 600 });
    await finishOperation(kc, id, 'succeeded', 'done', NS);
    expect(state.ledger.peek(id)).toMatchObject({ state: 'succeeded', audit: { state: 'pending', message: AUDIT_PENDING } });
    await control({ fault: 'clear' });
    expect(await auditEventsOf(id)).toBe(0);

    await state.ledger.flush(id);
    await worker.round();
    now += 120_000;
    await worker.round();
    expect(await auditEventsOf(id)).toBe(1);
    expect(await state.ledger.read(id)).toMatchObject({ state: 'succeeded', audit: { state: 'recorded' } });
    expect(fromRecord((await state.records.get(objectName(id)))!)?.extra.auditWritten).toBe(true);
    now += 120_000;
    await worker.round();
    expect(await auditEventsOf(id)).toBe(1);
    await worker.stop();
  });

  it('counts an Event an earlier attempt stored (its answer lost) as written, without a second one', async () => {
    const state = replica('replica-a');
    setDashboardState(state);
    const id = operationId('admin', 'audit-ambiguous-1');
    await state.ledger.begin(view(id), extra);
    const record = { operationId: id, action: 'cordon-node', title: 'Cordon the node', target: { kind: 'Node' as const, name: 'x' }, user: 'admin', outcome: 'succeeded' as const, message: 'done', at: new Date().toISOString() };
    const res = await fetch(`${env.demo.url}/api/v1/namespaces/${NS}/events`, { method: 'POST', headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(auditEvent(record, NS, 'replica-a')) });
    expect(res.status).toBe(201);
    await finishOperation(kc, id, 'succeeded', 'done', NS);
    expect(state.ledger.peek(id)?.audit).toMatchObject({ state: 'recorded' });
    expect(await auditEventsOf(id)).toBe(1);
  });
});

describe('operations whose replica died', () => {
  it('are claimed once the runner has not heartbeaten for orphanMs on the leader\'s clock, then finished and audited', async () => {
    const dead = replica('replica-dead');
    const id = operationId('admin', 'takeover-1');
    await dead.ledger.begin(view(id), extra);
    const b = replica('replica-b');
    setDashboardState(b);
    let now = Date.now();
    const timing = { roundMs: 3_600_000, orphanMs: 15_000, sweepMs: 3_600_000, keepFinishedMs: 3_600_000, auditMaxBackoffMs: 60_000 };
    const worker = startWorker(env.cache, b, timing, undefined, () => now);
    // The Lease may still be the previous test's replica's: wait it out on the real clock the electors use.
    await vi.waitFor(async () => {
      await worker.round();
      expect(b.elector!.isLeader()).toBe(true);
    }, { timeout: 20_000, interval: 500 });
    now += 14_000;
    await worker.round();
    expect(b.ledger.owns(id)).toBe(false);
    now += 1_001;
    await worker.round();
    expect(b.ledger.owns(id)).toBe(true);
    await vi.waitFor(async () => expect(fromRecord((await b.records.get(objectName(id)))!)).toMatchObject({ runner: 'replica-b', view: { state: 'succeeded', audit: { state: 'recorded' } } }), { timeout: 10_000, interval: 100 });
    expect(await auditEventsOf(id)).toBe(1);
    await worker.stop();
  });

  it('judges a runner by its replica\'s heartbeat: a quiet operation of a live replica costs no write and is not claimed', async () => {
    const alive = replica('replica-alive');
    const id = operationId('admin', 'quiet-1');
    await alive.ledger.begin(view(id, 'pending'), extra);
    const b = replica('replica-b2');
    setDashboardState(b);
    let now = Date.now();
    const timing = { roundMs: 3_600_000, orphanMs: 15_000, sweepMs: 3_600_000, keepFinishedMs: 3_600_000, auditMaxBackoffMs: 60_000, heartbeatMs: 3_600_000 };
    const aliveWorker = startWorker(env.cache, { ...alive, storage: 'memory' }, timing, undefined, () => now);
    const worker = startWorker(env.cache, b, timing, undefined, () => now);
    await vi.waitFor(async () => {
      await worker.round();
      expect(b.elector!.isLeader()).toBe(true);
    }, { timeout: 20_000, interval: 500 });
    const before = (await b.records.get(objectName(id)))!.resourceVersion;
    for (let i = 0; i < 8; i++) {
      now += 5_000;
      await aliveWorker.beat();
      await worker.round();
    }
    expect(b.ledger.owns(id)).toBe(false);
    expect((await b.records.get(objectName(id)))!.resourceVersion).toBe(before);

    // Its replica stops beating: the operation is claimed once that has lasted orphanMs.
    now += 10_000;
    await worker.round();
    expect(b.ledger.owns(id)).toBe(false);
    now += 6_000;
    await worker.round();
    expect(b.ledger.owns(id)).toBe(true);
    await worker.stop();
    await aliveWorker.stop();
  });
});
