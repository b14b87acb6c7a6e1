import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, T0 } from '@/lib/testing/models';
import type { StuckInterval } from './episodes';
import { OTHER_NODES, stuckSeries } from './cluster-series';

const iv = (node: string, from: number, to: number, name = `${node}-${from}`): StuckInterval =>
  ({ namespace: 'shop', name, node, signature: 'multus-ifname-exists', from: at(from), to: at(to), ongoing: to === 0 });

describe('stuckSeries', () => {
  it('counts each pod in every 5-minute bucket of the last 3 h its stuck interval overlaps', () => {
    const s = stuckSeries([iv('node-a', -40, 0), iv('node-a', -12, -6), iv('node-b', -500, -400)], T0);
    expect(s.buckets).toHaveLength(36);
    expect(s.to).toBe(T0 + 5 * 60_000);
    expect(s.pods).toBe(2);
    const a = s.series.find((x) => x.key === 'node-a')!.values;
    // T0 is a bucket boundary: the last bucket [T0, T0+5m) holds the ongoing pod only.
    expect(a.slice(-1)).toEqual([1]);
    expect(a.slice(-4, -1)).toEqual([2, 2, 1]);
    expect(a.slice(-10, -8)).toEqual([0, 1]);
    expect(a[0]).toBe(0);
    expect(s.series.map((x) => x.key)).toEqual(['node-a']);
  });

  it('sums the nodes beyond the limit into one series, worst nodes first', () => {
    const many = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 - i }, (_, k) => iv(`node-${i}`, -30, 0, `p${i}-${k}`))).flat();
    const s = stuckSeries(many, T0, { maxSeries: 3 });
    expect(s.series.map((x) => x.key)).toEqual(['node-0', 'node-1', OTHER_NODES]);
    expect(s.series[2]!.values.at(-1)).toBe(3 + 2 + 1);
  });

  it('gives the real peak of pods stuck at once, not a bucket count: three pods one after the other in one bucket peak at 1', () => {
    const s = stuckSeries([iv('node-a', -14, -13), iv('node-a', -12, -11), iv('node-a', -10.5, -10.2), iv('node-b', -30, 0), iv('node-b', -20, 0)], T0);
    const a = s.series.find((x) => x.key === 'node-a')!;
    expect(Math.max(...a.values)).toBe(3);
    expect(a.peak).toBe(1);
    expect(s.series.find((x) => x.key === 'node-b')!.peak).toBe(2);
    // node-b's two at once, while node-a had one of its own: at -12 min (node-a's second pod) three were stuck.
    expect(s.peak).toBe(3);
    expect(s.peakAt).toBe(T0 - 14 * 60_000);
    expect(s.current).toBe(2);
  });

  it('its peak never exceeds the busiest bucket, and never the pods counted', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('node-a', 'node-b', 'node-c'), fc.integer({ min: -240, max: 0 }), fc.integer({ min: 0, max: 60 })), { maxLength: 30 }), (raw) => {
      const s = stuckSeries(raw.map(([node, from, len], i) => iv(node, from, Math.min(0, from + len), `p${i}`)), T0);
      const totals = s.buckets.map((_, i) => s.series.reduce((sum, x) => sum + x.values[i]!, 0));
      expect(s.peak).toBeLessThanOrEqual(Math.max(0, ...totals));
      expect(s.peak).toBeLessThanOrEqual(s.pods);
      for (const x of s.series) expect(x.peak).toBeLessThanOrEqual(Math.max(...x.values));
    }));
  });

  it('is empty when nothing was stuck in the window', () => {
    expect(stuckSeries([], T0).series).toEqual([]);
  });
});
