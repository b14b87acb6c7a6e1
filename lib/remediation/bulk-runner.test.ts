import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBulk, type BulkNodeOutcome, type BulkNodeState } from './bulk-runner';

/** Each node takes `ms[node]` of (fake) time, then ends as `end[node]` (verified unless said). */
function harness(nodes: string[], ms: Record<string, number>, end: Record<string, BulkNodeOutcome['state']> = {}) {
  let inFlight = 0;
  let peak = 0;
  const started: string[] = [];
  const states = new Map<string, BulkNodeState[]>(nodes.map((n) => [n, []]));
  let cancel = false;
  const run = (concurrency: number) => runBulk(nodes, {
    concurrency,
    cancelled: () => cancel,
    onChange: (node, state) => states.get(node)!.push(state),
    act: (node) => {
      started.push(node);
      inFlight++;
      peak = Math.max(peak, inFlight);
      return new Promise((resolve) => setTimeout(() => {
        inFlight--;
        const state = end[node] ?? 'verified';
        resolve({ state, message: state === 'failed' ? `${node} did not recover` : 'ok', operationId: `op-${node}` });
      }, ms[node] ?? 1_000));
    },
  });
  return { run, started, states, peak: () => peak, inFlight: () => inFlight, cancel: () => { cancel = true; } };
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);

describe('runBulk', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('never runs more than `concurrency` nodes at once, and runs them all', async () => {
    const h = harness(names(12), { n1: 5_000, n2: 300, n3: 2_000 });
    const done = h.run(5);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.inFlight()).toBe(5);
    const result = await vi.runAllTimersAsync().then(() => done);
    expect(h.peak()).toBe(5);
    expect(result).toEqual({ cancelled: false, verified: 12, failed: 0, skipped: 0 });
    expect([...h.states.values()].every((s) => s.join() === 'running,verified')).toBe(true);
  });

  it('starts no node after one fails to recover; those in flight finish; the rest are skipped with why', async () => {
    // n2 fails at t=1s while n1 (3s) and n3 (2s) run; n4..n6 have not started.
    const h = harness(names(6), { n1: 3_000, n2: 1_000, n3: 2_000 }, { n2: 'failed' });
    const done = h.run(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(h.states.get('n2')).toEqual(['running', 'failed']);
    expect(h.started).toEqual(['n1', 'n2', 'n3']);
    expect(h.inFlight()).toBe(2);
    const result = await vi.runAllTimersAsync().then(() => done);
    expect(h.started).toEqual(['n1', 'n2', 'n3']);
    expect(h.states.get('n1')).toEqual(['running', 'verified']);
    expect(h.states.get('n3')).toEqual(['running', 'verified']);
    expect(h.states.get('n4')).toEqual(['skipped']);
    expect(result).toMatchObject({ stoppedBy: { node: 'n2', message: 'n2 did not recover' }, verified: 2, failed: 1, skipped: 3, cancelled: false });
  });

  it('a cancel lets the in-flight nodes finish and starts nothing more', async () => {
    const h = harness(names(5), { n1: 1_000, n2: 1_500 });
    const done = h.run(2);
    await vi.advanceTimersByTimeAsync(500);
    h.cancel();
    const result = await vi.runAllTimersAsync().then(() => done);
    expect(h.started).toEqual(['n1', 'n2']);
    expect(result).toEqual({ cancelled: true, verified: 2, failed: 0, skipped: 3 });
  });

  it('counts a node whose act throws as failed, and skips are not failures', async () => {
    const seen: Array<[string, BulkNodeState, string | undefined]> = [];
    const result = await runBulk(['a', 'b', 'c'], {
      concurrency: 1,
      cancelled: () => false,
      onChange: (n, s, m) => seen.push([n, s, m]),
      act: async (n) => {
        if (n === 'a') return { state: 'skipped', message: 'the finding is gone: nothing to repair' };
        throw new Error('boom');
      },
    });
    expect(result).toMatchObject({ verified: 0, failed: 1, skipped: 2, stoppedBy: { node: 'b', message: 'unexpected error: boom' } });
    expect(seen.at(-1)).toEqual(['c', 'skipped', 'not started: b failed to recover']);
  });
});
