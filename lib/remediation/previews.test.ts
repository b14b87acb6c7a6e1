import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { getOperation } from './operations';
import { previewAction } from './preview';
import { findPreview, PREVIEW_TTL_MS } from './previews';
import { startAction } from './start';

/*
 * The preview/execute contract against the demo cluster: execution names
 * what this server previewed for this user, once, before it expires; an
 * idempotency key stands for one request.
 */

let env: DemoCache;
const NS = 'cni-health';
const timing = { agentTimeoutMs: 5_000, nodeTimeoutMs: 10_000, rolloutStallMs: 10_000, pollMs: 50 };

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
});
afterAll(async () => {
  await env?.stop();
});

function demoUser(name: 'admin' | 'viewer'): UserContext {
  const r = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=${name}` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

async function cordonPreview(node: string): Promise<string> {
  const p = (await previewAction(env.cache, demoUser('admin'), { action: 'cordon-node', node, params: {} }, NS)).preview!;
  expect(p.canApply).toBe(true);
  expect(p.previewId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(Date.parse(p.expiresAt!) - Date.now()).toBeGreaterThan(PREVIEW_TTL_MS - 60_000);
  return p.previewId!;
}

describe('execute only what this server previewed for this user', () => {
  it('refuses an unknown preview (409), another user\'s (409, as if unknown) and an expired one (410)', async () => {
    const node = env.demo.nodeNames()[2]!;
    const id = await cordonPreview(node);
    expect(await findPreview(id, 'viewer', Date.now())).toMatchObject({ ok: false, code: 'conflict' });
    expect(await findPreview('C'.repeat(22), 'admin', Date.now())).toMatchObject({ ok: false, code: 'conflict' });
    const later = Date.now() + PREVIEW_TTL_MS + 1;
    expect(await findPreview(id, 'admin', later)).toMatchObject({ ok: false, code: 'gone' });
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect(await startAction(env.cache, demoUser('admin'), { previewId: id, idempotencyKey: 'expired-key-1' }, timing)).toMatchObject({ ok: false, code: 'gone' });
    } finally {
      clock.mockRestore();
    }
    expect(await startAction(env.cache, demoUser('admin'), { previewId: 'D'.repeat(22), idempotencyKey: 'unknown-key-1' }, timing)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('runs a preview once: the same key and request replay it, another key is 409, the same key with another request is 409', async () => {
    const node = env.demo.nodeNames()[3]!;
    const admin = demoUser('admin');
    const id = await cordonPreview(node);
    const body = { previewId: id, idempotencyKey: 'once-key-1' };
    const first = await startAction(env.cache, admin, body, timing);
    if (!first.ok) throw new Error(first.error);
    const again = await startAction(env.cache, admin, body, timing);
    expect(again).toMatchObject({ ok: true, replayed: true, operation: { id: first.operation.id } });
    expect(await startAction(env.cache, admin, { ...body, idempotencyKey: 'once-key-2' }, timing)).toMatchObject({ ok: false, code: 'conflict', error: expect.stringMatching(/already applied/) });
    const other = await cordonPreview(env.demo.nodeNames()[4]!);
    expect(await startAction(env.cache, admin, { ...body, previewId: other }, timing)).toMatchObject({ ok: false, code: 'conflict', error: expect.stringMatching(/idempotency key was already used/) });
    expect(await startAction(env.cache, admin, { ...body, confirm: 'x' }, timing)).toMatchObject({ ok: false, code: 'conflict' });
    await vi.waitFor(() => expect(getOperation(first.operation.id)?.state).toBe('succeeded'), { timeout: 15_000, interval: 50 });
    expect(env.cache.state().nodes.find((n) => n.name === node)?.unschedulable).toBe(true);
    expect(env.cache.state().nodes.find((n) => n.name === env.demo.nodeNames()[4])?.unschedulable).toBeFalsy();
  });

  it('refuses when the cluster changed since the preview, so the stored plan no longer holds', async () => {
    const node = env.demo.nodeNames()[5]!;
    const admin = demoUser('admin');
    const id = await cordonPreview(node);
    // Someone cordons it meanwhile: the cordon plan is now blocked or different.
    const res = await fetch(`${env.demo.url}/api/v1/nodes/${node}`, { method: 'PATCH', headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { unschedulable: true } }) });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(env.cache.state().nodes.find((n) => n.name === node)?.unschedulable).toBe(true), { timeout: 5_000, interval: 20 });
    expect(await startAction(env.cache, admin, { previewId: id, idempotencyKey: 'changed-key-1' }, timing)).toMatchObject({ ok: false, code: 'conflict' });
  });
});
