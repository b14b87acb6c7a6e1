import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeGrid, type GridPayload } from '@/lib/api/grid-compact';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { GridStore } from './grid';

let env: DemoCache;
let clock = Date.now();
let store: GridStore;

beforeAll(async () => {
  env = await startDemoCache({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
  store = new GridStore(env.cache, () => clock);
});

afterAll(async () => {
  store?.dispose();
  await env?.stop();
});

const verdictOf = (node: string): string | undefined =>
  decodeGrid(JSON.parse(store.payload().json) as GridPayload).nodes.find((n) => n.name === node)?.verdict;

describe('GridStore', () => {
  it('stays quiet on the refresh that only moves its clock', () => {
    store.refresh();
    let signals = 0;
    const unsubscribe = store.subscribe(() => signals++);
    const before = store.payload().etag;
    clock += 6_000;
    store.refresh();
    // A new serialisation (a new "as of"), but nothing a client shows changed.
    expect(store.payload().etag).not.toBe(before);
    expect(signals).toBe(0);
    unsubscribe();
  });

  it('tells its subscribers when a refresh changed the grid, once the grid shows the change', async () => {
    store.refresh();
    const node = env.demo.nodeNames().find((n) => verdictOf(n) === 'healthy')!;
    const seenAtSignal: Array<string | undefined> = [];
    const unsubscribe = store.subscribe(() => seenAtSignal.push(verdictOf(node)));
    env.demo.rebootWithRace(node);
    await vi.waitFor(() => expect(seenAtSignal).toContain('broken'), { timeout: 10_000, interval: 20 });
    unsubscribe();
  });
});

describe('GridStore with a forged snapshot', () => {
  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${env.demo.url}${path}`, { ...init, headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/json' } });
  const CMS = '/api/v1/namespaces/cni-health/configmaps';

  it('never lets a snapshot stored under another name speak for a node: the grid and the node page say it was ignored', async () => {
    store.refresh();
    const broken = env.demo.nodeNames().find((n) => verdictOf(n) === 'broken')!;
    const healthy = env.demo.nodeNames().find((n) => verdictOf(n) === 'healthy')!;
    const real = await (await api(`${CMS}/cni-snapshot-${broken}`)).json() as { metadata: Record<string, unknown>; data: Record<string, string> };
    const doc = { ...JSON.parse(real.data['snapshot.json']!) as Record<string, unknown>, node: healthy };
    const forged = {
      metadata: { name: 'cni-snapshot-forged', labels: { 'cni-health.io/snapshot': 'v1alpha1' }, annotations: { 'cni-health.io/node': healthy } },
      data: { 'snapshot.json': JSON.stringify(doc) },
    };
    expect((await api(CMS, { method: 'POST', body: JSON.stringify(forged) })).status).toBe(201);
    await vi.waitFor(() => {
      clock += 1_000;
      store.refresh();
      const cell = decodeGrid(JSON.parse(store.payload().json) as GridPayload).nodes.find((n) => n.name === healthy);
      expect(cell?.ruleIds).toContain('snapshot-ignored');
    }, { timeout: 10_000, interval: 20 });
    expect(verdictOf(healthy)).toBe('healthy');
    const page = store.fleet.diagnoseNow(healthy, clock)!;
    expect(page.snapshot?.configMapName).toBe(`cni-snapshot-${healthy}`);
    expect(page.findings.filter((f) => f.ruleId === 'snapshot-ignored').map((f) => f.title)).toEqual([`Snapshot ignored: names node "${healthy}" but is stored as "forged"`]);
  });
});
