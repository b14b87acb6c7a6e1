import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { createClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { AUDIT_REASON } from './audit';
import { getOperation } from './operations';
import { previewAction } from './preview';
import { startAction } from './start';

/*
 * Preview, execute, verify and audit against the demo cluster over HTTP,
 * as the demo's admin and as its read-only viewer.
 */

let demo: DemoCluster;
let cache: ClusterCache;
const NS = 'cni-health';
const fastTiming = { agentTimeoutMs: 10_000, nodeTimeoutMs: 20_000, rolloutTimeoutMs: 20_000, pollMs: 50 };

function nestedNode(): string {
  const d = diagnoseCluster({ ...cache.state(), now: Date.now() });
  return d.nodes.find((n) => n.findings.some((f) => f.ruleId === 'multus-nested-delegates'))!.node.name;
}

async function fault(name: string, enabled: boolean): Promise<void> {
  const res = await fetch(`${demo.controlUrl}/faults`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ fault: name, enabled }) });
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-rem-')), tickMs: 100 });
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

describe('remediation against the demo cluster', () => {
  it('repairs a self-nested node end to end: preview, dry runs, execute once, verify, audit', async () => {
    const admin = demoUser('admin');
    const node = nestedNode();
    const preview = (await previewAction(cache, admin, { action: 'repair-node-cni-config', node, params: {} }, NS)).preview!;
    expect(preview.canApply).toBe(true);
    expect(preview.calls.map((c) => c.dryRun.ok)).toEqual([true, true]);
    expect(preview.confirmText).toBe(node);

    const body = { action: preview.action, node, params: {}, digest: preview.digest, requestId: preview.requestId, requestedAt: preview.requestedAt, confirm: node, idempotencyKey: 'repair-key-1' };
    expect(await startAction(cache, admin, { ...body, confirm: 'wrong' }, NS, fastTiming)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await startAction(cache, admin, { ...body, digest: '0000000000000000' }, NS, fastTiming)).toMatchObject({ ok: false, code: 'conflict' });

    const first = await startAction(cache, admin, body, NS, fastTiming);
    const again = await startAction(cache, admin, body, NS, fastTiming);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.operation.id).toBe(first.operation.id);

    await vi.waitFor(() => expect(getOperation(first.operation.id)?.state).toBe('succeeded'), { timeout: 30_000, interval: 50 });
    expect(getOperation(first.operation.id)!.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    const after = diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((n) => n.node.name === node)!;
    expect(after.verdict).toBe('healthy');
    expect(after.stuck).toEqual([]);
    await vi.waitFor(() => {
      const audit = cache.informers.events.list().filter((e) => e.reason === AUDIT_REASON && e.involved.name === node);
      expect(audit.map((e) => e.annotations?.['cni-health.io/outcome'])).toEqual(['succeeded']);
    }, { timeout: 5_000, interval: 50 });
  });

  it('refuses to run a plan other than the previewed one', async () => {
    const admin = demoUser('admin');
    const node = demo.nodeNames()[1]!;
    const multusPod = () => cache.informers.pods.list().find((p) => p.nodeName === node && p.owner?.name === 'kube-multus-ds');
    const before = multusPod()!;
    const preview = (await previewAction(cache, admin, { action: 'restart-multus-pod', node, params: {} }, NS)).preview!;
    // Someone else restarts the pod meanwhile: its DaemonSet makes a new one, so the planned delete (by uid) is not the same call.
    const res = await fetch(`${demo.url}/api/v1/namespaces/${before.namespace}/pods/${before.name}`, { method: 'DELETE', headers: { authorization: `Bearer ${demo.token}` } });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(multusPod()?.uid).not.toBe(before.uid), { timeout: 10_000, interval: 50 });
    const started = await startAction(cache, admin, { action: preview.action, node, params: {}, digest: preview.digest, requestId: preview.requestId, requestedAt: preview.requestedAt, confirm: node, idempotencyKey: 'restart-key-1' }, NS, fastTiming);
    expect(started).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('gives the read-only viewer a preview that says why it cannot apply, and refuses execution', async () => {
    const viewer = demoUser('viewer');
    const node = demo.nodeNames()[0]!;
    const preview = (await previewAction(cache, viewer, { action: 'cordon-node', node, params: {} }, NS)).preview!;
    expect(preview.permission.allowed).toBe(false);
    expect(preview.canApply).toBe(false);
    expect(preview.cannotApplyReason).toMatch(/viewer may not patch nodes/);
    const res = await startAction(cache, viewer, { action: 'cordon-node', node, params: {}, digest: preview.digest, requestId: preview.requestId, requestedAt: preview.requestedAt, idempotencyKey: 'viewer-key-1' }, NS, fastTiming);
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('disables Apply when the API server refuses the dry run', async () => {
    const admin = demoUser('admin');
    await fault('refuse-dry-run', true);
    try {
      const preview = (await previewAction(cache, admin, { action: 'multus-guaranteed-qos', params: {} }, NS)).preview!;
      expect(preview.calls[0]!.dryRun.ok).toBe(false);
      expect(preview.canApply).toBe(false);
      expect(preview.cannotApplyReason).toMatch(/refused the dry run/);
    } finally {
      await fault('refuse-dry-run', false);
    }
    const ok = (await previewAction(cache, admin, { action: 'multus-guaranteed-qos', params: {} }, NS)).preview!;
    expect(ok.canApply).toBe(true);
    expect(ok.calls[0]!.diff?.changes).toContainEqual({ op: 'add', path: '$.containers[0].resources.limits' });
  });
});
