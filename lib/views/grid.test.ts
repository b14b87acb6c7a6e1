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
