import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { createClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { AUDIT_REASON, auditView } from './audit';
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
const fastTiming = { agentTimeoutMs: 10_000, nodeTimeoutMs: 20_000, rolloutStallMs: 20_000, pollMs: 50 };

function nestedNode(): string {
  const d = diagnoseCluster({ ...cache.state(), now: Date.now() });
  return d.nodes.find((n) => n.findings.some((f) => f.ruleId === 'multus-nested-delegates'))!.node.name;
}

async function fault(name: string, enabled: boolean): Promise<void> {
  const res = await fetch(`${demo.controlUrl}/faults`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ fault: name, enabled }) });
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-rem-')), tickMs: 100, rbacWarmupMs: 0 });
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
    expect(preview.calls.map((c) => c.dryRun.ok)).toEqual([true]);
    expect(preview.confirmText).toBe(node);

    const body = { previewId: preview.previewId!, confirm: node, idempotencyKey: 'repair-key-1' };
    expect(await startAction(cache, admin, { ...body, confirm: 'wrong', idempotencyKey: 'repair-key-0' }, fastTiming)).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await startAction(cache, admin, { ...body, previewId: 'B'.repeat(22) }, fastTiming)).toMatchObject({ ok: false, code: 'conflict' });

    const first = await startAction(cache, admin, body, fastTiming);
    const again = await startAction(cache, admin, body, fastTiming);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.operation.id).toBe(first.operation.id);

    await vi.waitFor(() => expect(getOperation(first.operation.id)?.state).toBe('succeeded'), { timeout: 30_000, interval: 50 });
    expect(getOperation(first.operation.id)!.steps.map((s) => s.state)).toEqual(['done', 'done']);
    const after = diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((n) => n.node.name === node)!;
    // Not nested any more and nothing stuck; the Multus pod (not restarted) still shows its earlier OOMKill as a warning.
    expect(after.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual(['multus-pod-unhealthy']);
    expect(after.verdict).toBe('degraded');
    expect(after.stuck).toEqual([]);
    await vi.waitFor(() => {
      const audit = auditView(cache.informers.events.list(), NS).entries.filter((e) => e.target === `Node/${node}`);
      expect(audit.map((e) => [e.action, e.user, e.outcome])).toEqual([['repair-node-cni-config', 'admin', 'succeeded']]);
    }, { timeout: 5_000, interval: 50 });
    // The record is the dashboard's own, in its namespace, not an Event on the Node in default.
    const own = cache.informers.events.list().filter((e) => e.reason === AUDIT_REASON && e.annotations?.['cni-health.io/target'] === `Node/${node}`);
    expect(own.map((e) => [e.namespace, e.reportingController, e.involved.kind])).toEqual([[NS, 'cni-health.io/dashboard', 'Remediation']]);
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
    const started = await startAction(cache, admin, { previewId: preview.previewId!, confirm: node, idempotencyKey: 'restart-key-1' }, fastTiming);
    expect(started).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a patch whose object changed while the cache lagged fails with 409, says to preview again, and changes nothing', async () => {
    const admin = demoUser('admin');
    const dsPath = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
    // The test before replaced a Multus pod: its DaemonSet's status moves as
    // the new pod starts. Preview once the cache holds the DaemonSet as the
    // API server has it, else the plan's resourceVersion precondition is
    // already stale and the dry run (rightly) refuses it.
    // The DaemonSet controller writes its status counters one after another
    // (ready, then available after minReadySeconds): a preview taken between
    // two of those writes is already stale. Preview until one is taken while
    // the cache and the server agree and the rollout is settled.
    let preview: NonNullable<Awaited<ReturnType<typeof previewAction>>['preview']> | undefined;
    await vi.waitFor(async () => {
      const live = (await (await fetch(`${demo.url}${dsPath}`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as { metadata: { resourceVersion: string }; status: { numberReady: number; numberAvailable?: number; desiredNumberScheduled: number } };
      expect(live.status.numberReady).toBe(live.status.desiredNumberScheduled);
      expect(live.status.numberAvailable).toBe(live.status.desiredNumberScheduled);
      expect(cache.informers.daemonsets.get('kube-system/kube-multus-ds')?.resourceVersion).toBe(live.metadata.resourceVersion);
      preview = (await previewAction(cache, admin, { action: 'multus-guaranteed-qos', params: {} }, NS)).preview;
      expect(preview?.canApply).toBe(true);
    }, { timeout: 15_000, interval: 50 });
    if (!preview) throw new Error('no preview');
    // The dashboard's DaemonSet cache falls behind while someone else edits the DaemonSet.
    await cache.informers.daemonsets.stop();
    try {
      const edit = await fetch(`${demo.url}${dsPath}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { annotations: { 'example.com/edited-by': 'someone-else' } } }),
      });
      expect(edit.status).toBe(200);
      const started = await startAction(cache, admin, { previewId: preview.previewId!, confirm: preview.confirmText, idempotencyKey: 'qos-conflict-1' }, fastTiming);
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      await vi.waitFor(() => expect(getOperation(started.operation.id)?.state).toBe('failed'), { timeout: 10_000, interval: 50 });
      const op = getOperation(started.operation.id)!;
      expect(op.steps[0]).toMatchObject({ state: 'failed' });
      expect(op.steps[0]!.message).toMatch(/changed meanwhile.*preview again/);
    } finally {
      cache.informers.daemonsets.start();
    }
    const ds = (await (await fetch(`${demo.url}${dsPath}`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as { spec: { template: { spec: { containers: Array<{ resources?: { limits?: unknown } }> } } } };
    expect(ds.spec.template.spec.containers[0]!.resources?.limits).toBeUndefined();
  });

  it('an eviction a PodDisruptionBudget refuses is reported as such, and the pod stays', async () => {
    const admin = demoUser('admin');
    const node = demo.nodeNames().find((n) => n !== nestedNode() && diagnoseCluster({ ...cache.state(), now: Date.now() }).nodes.find((d) => d.node.name === n)?.findings.some((f) => f.ruleId === 'multus-nested-delegates'))
      ?? nestedNode();
    const preview = (await previewAction(cache, admin, { action: 'delete-stuck-pods', node, params: {} }, NS)).preview!;
    expect(preview.canApply).toBe(true);
    const [namespace, name] = preview.calls[0]!.id.replace(/^evict-/, '').split('/');
    const target = { namespace: namespace!, name: name! };
    // The pods' cache falls behind while the node heals (its stuck pods start
    // and turn Ready) and a budget now protects every one of them.
    await cache.informers.pods.stop();
    try {
      demo.heal(node);
      const podUrl = `${demo.url}/api/v1/namespaces/${target.namespace}/pods/${target.name}`;
      const auth = { authorization: `Bearer ${demo.token}` };
      await vi.waitFor(async () => {
        const pod = (await (await fetch(podUrl, { headers: auth })).json()) as { status: { phase: string } };
        expect(pod.status.phase).toBe('Running');
      }, { timeout: 15_000, interval: 50 });
      const pod = (await (await fetch(podUrl, { headers: auth })).json()) as { metadata: { labels: Record<string, string> } };
      const pdb = await fetch(`${demo.url}/apis/policy/v1/namespaces/${target.namespace}/poddisruptionbudgets`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'keep-them-all' }, spec: { maxUnavailable: 0, selector: { matchLabels: pod.metadata.labels } } }),
      });
      expect(pdb.status).toBe(201);
      const started = await startAction(cache, admin, { previewId: preview.previewId!, confirm: preview.confirmText, idempotencyKey: 'evict-pdb-1' }, fastTiming);
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      await vi.waitFor(() => expect(getOperation(started.operation.id)?.state).toBe('failed'), { timeout: 10_000, interval: 50 });
      const op = getOperation(started.operation.id)!;
      // Evictions are independent: the protected pod is refused and named, the others go.
      const evictions = op.steps.filter((st) => st.id.startsWith('evict-'));
      expect(evictions.find((st) => st.id === `evict-${target.namespace}/${target.name}`)).toMatchObject({ state: 'failed', message: expect.stringMatching(/^refused by a PodDisruptionBudget: Cannot evict pod/) });
      expect(evictions.filter((st) => st.state === 'done')).toHaveLength(evictions.length - 1);
      expect(op.outcome).toContain(`1 of ${preview.calls.length} calls failed: refused by a PodDisruptionBudget`);
      const still = await fetch(podUrl, { headers: auth });
      expect(still.status).toBe(200);
      expect(((await still.json()) as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp).toBeUndefined();
    } finally {
      cache.informers.pods.start();
    }
  });

  it('gives the read-only viewer a preview that says why it cannot apply, and refuses execution', async () => {
    const viewer = demoUser('viewer');
    const node = demo.nodeNames()[0]!;
    const preview = (await previewAction(cache, viewer, { action: 'cordon-node', node, params: {} }, NS)).preview!;
    expect(preview.permission.allowed).toBe(false);
    expect(preview.canApply).toBe(false);
    expect(preview.cannotApplyReason).toMatch(/viewer may not patch nodes/);
    expect(preview.previewId).toBeUndefined();
    // Even with an admin's preview in hand, the viewer cannot run it: to them it does not exist.
    const adminPreview = (await previewAction(cache, demoUser('admin'), { action: 'cordon-node', node, params: {} }, NS)).preview!;
    const res = await startAction(cache, viewer, { previewId: adminPreview.previewId!, idempotencyKey: 'viewer-key-1' }, fastTiming);
    expect(res).toMatchObject({ ok: false, code: 'conflict' });
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

  it('shows no forged audit Event, whatever its reason and annotations, once it is not the dashboard\'s own', async () => {
    const node = demo.nodeNames()[2]!;
    const forged = (namespace: string, reportingComponent: string, involvedObject: Record<string, string>) => ({
      metadata: { name: `forged-${namespace}-${reportingComponent.length}`, annotations: { 'cni-health.io/action': 'cordon-node', 'cni-health.io/user': 'alice', 'cni-health.io/outcome': 'succeeded', 'cni-health.io/operation': 'x', 'cni-health.io/target': `Node/${node}` } },
      involvedObject, reason: AUDIT_REASON, message: 'Cordon the node by alice: done', type: 'Normal', reportingComponent, reportingInstance: 'x', source: { component: reportingComponent },
    });
    const post = (namespace: string, body: object): Promise<Response> => fetch(`${demo.url}/api/v1/namespaces/${namespace}/events`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // Another namespace with the right controller, and the dashboard's namespace with another controller.
    expect((await post('default', forged('default', 'cni-health.io/dashboard', { apiVersion: 'v1', kind: 'Node', name: node }))).status).toBe(201);
    expect((await post(NS, forged(NS, 'kubectl', { apiVersion: 'cni-health.io/v1alpha1', kind: 'Remediation', namespace: NS, name: 'x' }))).status).toBe(201);
    await vi.waitFor(() => expect(cache.informers.events.list().filter((e) => e.name.startsWith('forged-'))).toHaveLength(2), { timeout: 5_000, interval: 20 });
    expect(auditView(cache.informers.events.list(), NS).entries.filter((e) => e.user === 'alice')).toEqual([]);
  });

  it('refuses an Event about a Node outside default, as the API server validates Events', async () => {
    const res = await fetch(`${demo.url}/api/v1/namespaces/${NS}/events`, {
      method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'on-a-node' }, involvedObject: { apiVersion: 'v1', kind: 'Node', name: demo.nodeNames()[0] }, reason: 'X', type: 'Normal' }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toContain('involvedObject.namespace: Invalid value: "": does not match event.namespace');
  });
});
