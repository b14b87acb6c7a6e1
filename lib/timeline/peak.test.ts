import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peakConcurrent, type Span } from './peak';

/** The definition, checked at every instant that can hold the maximum (a start): O(n²), independent of the sweep. */
function bruteForce(spans: readonly Span[], window?: Span): number {
  const clipped = spans
    .filter((s) => s.to >= s.from)
    .map((s) => ({ ...s, cf: window ? Math.max(s.from, window.from) : s.from }))
    .filter((s) => !window || ((s.to > window.from || (s.from === s.to && s.to === window.from)) && s.from <= window.to));
  const covers = (s: Span, t: number): boolean => (s.from <= t && t < s.to) || (s.from === s.to && s.from === t);
  let best = 0;
  for (const c of clipped) {
    const n = clipped.filter((s) => covers(s, c.cf) && (!window || c.cf <= window.to)).length;
    best = Math.max(best, n);
  }
  return best;
}

const span = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 })).map(([from, len]): Span => ({ from, to: from + len }));

describe('peakConcurrent', () => {
  it('counts pods stuck one after the other once, not once per pod', () => {
    expect(peakConcurrent([{ from: 0, to: 10 }, { from: 10, to: 20 }, { from: 20, to: 30 }])).toEqual({ count: 1, at: 0 });
  });

  it('finds the instant where most overlap', () => {
    expect(peakConcurrent([{ from: 0, to: 100 }, { from: 10, to: 20 }, { from: 15, to: 50 }, { from: 60, to: 70 }])).toEqual({ count: 3, at: 15 });
  });

  it('counts a one-instant span, and nothing for none', () => {
    expect(peakConcurrent([{ from: 5, to: 5 }, { from: 0, to: 5 }])).toEqual({ count: 1, at: 0 });
    expect(peakConcurrent([{ from: 5, to: 5 }, { from: 5, to: 9 }])).toEqual({ count: 2, at: 5 });
    expect(peakConcurrent([])).toEqual({ count: 0 });
  });

  it('ignores spans outside the window and inverted ones', () => {
    const w = { from: 100, to: 200 };
    expect(peakConcurrent([{ from: 0, to: 100 }, { from: 201, to: 300 }, { from: 50, to: 40 }, { from: 150, to: 160 }], w)).toEqual({ count: 1, at: 150 });
  });

  it('equals the definition for any set of spans, with or without a window', () => {
    fc.assert(fc.property(fc.array(span, { maxLength: 40 }), fc.option(span, { nil: undefined }), (spans, window) => {
      expect(peakConcurrent(spans, window).count).toBe(bruteForce(spans, window));
    }), { numRuns: 500 });
  });

  it('never exceeds the spans given, and is reached at a start', () => {
    fc.assert(fc.property(fc.array(span, { maxLength: 40 }), (spans) => {
      const p = peakConcurrent(spans);
      expect(p.count).toBeLessThanOrEqual(spans.length);
      if (spans.length > 0) expect(spans.some((s) => s.from === p.at)).toBe(true);
      else expect(p.at).toBeUndefined();
    }));
  });
});
