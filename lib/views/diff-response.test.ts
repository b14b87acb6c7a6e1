import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DiffView } from '@/lib/api/diff';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { DIFF_MEMO_MS, diffBytes } from './diff-response';

let env: DemoCache;

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
});

afterAll(async () => {
  await env?.stop();
});

const nested = (): string => diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((n) => n.findings.some((f) => f.ruleId === 'multus-nested-delegates'))!.node.name;

describe('diffBytes', () => {
  it('computes an identical diff once per cache version, and again when the cache changed or the answer aged', async () => {
    const target = nested();
    const state = { target, ignore: true, mode: 'side' as const };
    const t = Date.now();
    const first = diffBytes(env.cache, state, t);
    const again = diffBytes(env.cache, state, t + 1_000);
    if (!first.ok) throw new Error(await first.response.text());
    if (!again.ok) throw new Error('expected a diff');
    expect(again.etag).toBe(first.etag);
    expect((JSON.parse(first.json) as DiffView).target.node).toBe(target);

    const aged = diffBytes(env.cache, state, t + DIFF_MEMO_MS + 1);
    if (!aged.ok) throw new Error('expected a diff');
    expect(aged.etag).not.toBe(first.etag);

    const version = env.cache.version();
    env.demo.heal(target);
    await vi.waitFor(() => expect(env.cache.version()).not.toBe(version), { timeout: 5_000, interval: 20 });
    const changed = diffBytes(env.cache, state, t + DIFF_MEMO_MS + 2);
    if (!changed.ok) throw new Error('expected a diff');
    expect(changed.etag).not.toBe(aged.etag);
  });

  it('answers a node the cluster does not have with 404 and a message', async () => {
    const r = diffBytes(env.cache, { target: 'no-such-node', ignore: true, mode: 'side' }, Date.now());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.response.status).toBe(404);
    expect(((await r.response.json()) as { error: string }).error).toMatch(/no node named no-such-node/);
  });
});
