import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '@/demo/builders/meta';
import { snapshotKey } from '@/demo/snapshots';
import type { DiffView } from '@/lib/api/diff';
import { SNAPSHOT_DATA_KEY, SNAPSHOT_MAX_BYTES, type SnapshotInput } from '@/lib/cni/snapshot';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { DIFF_MEMO_MAX_BYTES, DIFF_MEMO_MS, diffBytes, diffMemoStats } from './diff-response';

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
    expect((JSON.parse(new TextDecoder().decode(first.body)) as DiffView).target.node).toBe(target);

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

  it('holds no more diff bytes than its budget however many large diffs are asked for, and still answers a repeat from the memo', async () => {
    const nodes = env.demo.nodeNames();
    const version = env.cache.version();
    nodes.forEach((node, i) => putLargeFile(node, i + 1));
    await vi.waitFor(() => expect(env.cache.version()).not.toBe(version), { timeout: 5_000, interval: 20 });
    await vi.waitFor(() => expect(nodes.every((n) => env.cache.state().snapshots.find((s) => s.node === n)?.snapshot?.files.some((f) => f.name === LARGE_FILE))).toBe(true), { timeout: 5_000, interval: 20 });

    const t = Date.now();
    const pairs = nodes.flatMap((target) => nodes.filter((base) => base !== target).map((base) => ({ target, base })));
    let requested = 0;
    let asked = 0;
    let last: { etag: string; body: Uint8Array } | undefined;
    // Distinct diffs until, together, they are twice the budget: the bound, not their size, keeps the memo small.
    for (const { target, base } of pairs) {
      const r = diffBytes(env.cache, { target, base, ignore: true, mode: 'side' }, t + asked);
      if (!r.ok) throw new Error(await r.response.text());
      requested += r.body.byteLength;
      asked += 1;
      last = r;
      expect(diffMemoStats(env.cache).bytes).toBeLessThanOrEqual(DIFF_MEMO_MAX_BYTES);
      if (requested > 2 * DIFF_MEMO_MAX_BYTES) break;
    }
    expect(requested).toBeGreaterThan(2 * DIFF_MEMO_MAX_BYTES);
    expect(diffMemoStats(env.cache).entries).toBeLessThan(asked);

    // No await since the last request: no watch event can have changed the cache in between.
    const { target, base } = pairs[asked - 1]!;
    const repeat = diffBytes(env.cache, { target, base, ignore: true, mode: 'side' }, t + asked);
    if (!repeat.ok) throw new Error('expected a diff');
    expect(repeat.etag).toBe(last!.etag);
    // The very bytes kept in the memo, not a recomputed copy.
    expect(repeat.body).toBe(last!.body);
  }, 60_000);
});

const LARGE_FILE = '20-routes.conflist';

/**
 * A valid conflist pretty-printed to thousands of short lines, under the
 * per-file read cap, different on every node: each diff view of two such
 * nodes fills its per-side line limits (hundreds of KiB of JSON), as a
 * hostile agent's snapshot could.
 */
function putLargeFile(node: string, seed: number): void {
  const routes = Array.from({ length: 4_600 }, (_, i) => ({ dst: `10.${seed}.${i >> 8}.${i & 255}/32` }));
  const content = JSON.stringify({ cniVersion: '0.4.0', name: 'routes', plugins: [{ type: 'bridge', routes }] }, null, 2);
  env.demo.store.update('configmaps', snapshotKey(node), (cm) => {
    const doc = JSON.parse(cm.data![SNAPSHOT_DATA_KEY]!) as SnapshotInput;
    doc.files = [...doc.files.filter((f) => f.name !== LARGE_FILE), { name: LARGE_FILE, size: Buffer.byteLength(content), sha256: sha256Hex(content), content, truncated: false }];
    doc.history = [];
    const data = JSON.stringify(doc);
    if (Buffer.byteLength(data) > SNAPSHOT_MAX_BYTES) throw new Error(`snapshot of ${node} would not fit a ConfigMap`);
    cm.data = { ...cm.data, [SNAPSHOT_DATA_KEY]: data };
  });
}
