/**
 * Verifying a DaemonSet remediation against the demo cluster over HTTP,
 * with a rollout slow enough to watch: the operation must stay "verifying"
 * with progress until every pod is updated, available and ready, and end
 * "succeeded" only then; a rollout that stops moving ends not verified.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationView } from '@/lib/api/remediation';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { snapshotOperation } from './operations';
import { previewAction } from './preview';
import { startAction } from './start';

const NS = 'cni-health';
const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const NODES = 12;
let env: DemoCache | undefined;

afterEach(async () => {
  await env?.stop();
  env = undefined;
});

function admin(e: DemoCache): UserContext {
  const r = requestUser(e.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

interface DsStatus { metadata: { generation: number }; status: { observedGeneration: number; desiredNumberScheduled: number; updatedNumberScheduled: number; numberAvailable: number; numberReady: number } }
async function dsFromApi(e: DemoCache): Promise<DsStatus> {
  const res = await fetch(`${e.demo.url}${DS}`, { headers: { authorization: `Bearer ${e.demo.token}` } });
  return (await res.json()) as DsStatus;
}

async function apply(e: DemoCache, action: string, key: string, rolloutStallMs: number): Promise<string> {
  const user = admin(e);
  const p = (await previewAction(e.cache, user, { action, params: {} }, NS)).preview!;
  expect(p.canApply).toBe(true);
  const started = await startAction(e.cache, user, { previewId: p.previewId!, confirm: p.confirmText, idempotencyKey: key }, { agentTimeoutMs: 10_000, nodeTimeoutMs: 10_000, rolloutStallMs, pollMs: 25 });
  if (!started.ok) throw new Error(started.error);
  return started.operation.id;
}

const op = (id: string): OperationView => snapshotOperation(id)!;

describe('verifying a DaemonSet rollout', () => {
  it('reports progress while the pods roll and says "verified" only once kubectl rollout status would say rolled out', async () => {
    env = await startDemoCache({ controllerMs: 20, kubeletMs: 100, readinessMs: 200, tickMs: 3_600_000 });
    const e = env;
    const id = await apply(e, 'multus-guaranteed-qos', 'qos-rollout-1', 60_000);

    // Mid-rollout: some pods of the new generation, not all; the operation is still verifying.
    const mid = await vi.waitFor(() => {
      const o = op(id);
      expect(o.rollout?.phase).toBe('rolling');
      expect(o.rollout!.updated).toBeGreaterThan(0);
      expect(o.rollout!.updated).toBeLessThan(NODES);
      return o;
    }, { timeout: 30_000, interval: 10 });
    expect(mid.state).toBe('verifying');
    expect(mid.rollout).toMatchObject({ generation: 2, observedGeneration: 2, desired: NODES, maxUnavailable: 1, stallSeconds: 60 });
    expect(mid.verification?.lastSeen).toMatch(new RegExp(`^\\d+ of ${NODES} updated, \\d+ available, \\d+ ready$`));
    expect(Date.parse(mid.rollout!.giveUpAt)).toBeGreaterThan(Date.now());

    const done = await vi.waitFor(() => {
      const o = op(id);
      expect(['succeeded', 'failed', 'timed-out']).toContain(o.state);
      return o;
    }, { timeout: 60_000, interval: 20 });
    expect(done.state, done.outcome).toBe('succeeded');
    expect(done.rollout).toMatchObject({ phase: 'complete', updated: NODES, available: NODES, ready: NODES });
    // What the API server says now is what the operation claimed.
    const ds = await dsFromApi(e);
    expect(ds.status.observedGeneration).toBeGreaterThanOrEqual(ds.metadata.generation);
    expect([ds.status.updatedNumberScheduled, ds.status.numberAvailable, ds.status.numberReady]).toEqual([NODES, NODES, NODES]);
  });

  it('ends not verified, saying where it stopped, when the rollout stops progressing', async () => {
    env = await startDemoCache({ controllerMs: 20, kubeletMs: 50, tickMs: 3_600_000 });
    // The node without its primary config holds the new pod in Init forever: with maxUnavailable 1 the rollout stops there.
    const id = await apply(env, 'multus-wait-for-primary-cni', 'wait-rollout-1', 1_500);
    const done = await vi.waitFor(() => {
      const o = op(id);
      expect(['succeeded', 'failed', 'timed-out']).toContain(o.state);
      return o;
    }, { timeout: 60_000, interval: 20 });
    expect(done.state).toBe('timed-out');
    expect(done.rollout!.updated).toBeLessThan(NODES);
    expect(done.outcome).toContain('stopped progressing');
    expect(done.outcome).toMatch(/\d+ of 12 updated/);
  });

  it('fails, saying why, when the DaemonSet is OnDelete: its pods change only when deleted, there is no rollout to wait for', async () => {
    env = await startDemoCache({ controllerMs: 20, kubeletMs: 50, tickMs: 3_600_000 });
    const e = env;
    const res = await fetch(`${e.demo.url}${DS}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${e.demo.token}`, 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } }),
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(e.cache.informers.daemonsets.list().find((d) => d.name === 'kube-multus-ds')?.updateStrategy.type).toBe('OnDelete'), { timeout: 10_000, interval: 20 });
    const id = await apply(e, 'multus-guaranteed-qos', 'qos-ondelete-1', 60_000);
    const done = await vi.waitFor(() => {
      const o = op(id);
      expect(['succeeded', 'failed', 'timed-out']).toContain(o.state);
      return o;
    }, { timeout: 30_000, interval: 20 });
    expect(done.state).toBe('failed');
    expect(done.outcome).toContain('OnDelete');
  });
});
