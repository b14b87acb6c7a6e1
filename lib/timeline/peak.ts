/**
 * The most pods stuck at the same instant: a sweep over the intervals' start
 * and end points, O(n log n). Summing per-bucket counts overstates it (two
 * pods stuck one after the other inside one 5-minute bucket are never stuck
 * together), so a chart's "at most N at once" comes from here. Pure.
 */

/** Epoch milliseconds. Stuck from `from` until `to` (exclusive: at `to` the pod runs); `from === to` is one instant. */
export interface Span {
  from: number;
  to: number;
}

export interface Peak {
  /** Most spans open at one instant. */
  count: number;
  /** The first instant at which `count` spans were open; absent when there are none. */
  at?: number;
}

// At one instant: spans that end there close first (half-open), then spans
// start, then one-instant spans (from === to) and spans cut by the window's
// end close after being counted.
const END = 0;
const START = 1;
const POINT_END = 2;

/** Spans clipped to `[window.from, window.to]`; spans entirely outside it (or inverted) count for nothing. */
export function peakConcurrent(spans: Iterable<Span>, window?: Span): Peak {
  const points: Array<[number, number]> = [];
  for (const s of spans) {
    if (!(s.to >= s.from)) continue;
    const from = window ? Math.max(s.from, window.from) : s.from;
    const to = window ? Math.min(s.to, window.to) : s.to;
    // Ended at or before the window opened (exclusive end), or started after it closed.
    if (to < from || (window && s.to <= window.from && s.from < s.to) || (window && s.from > window.to)) continue;
    // A span cut by the window's end is still open at that end: it closes like a one-instant span.
    const closed = s.from === s.to || (window !== undefined && s.to > window.to);
    points.push([from, START], [to, closed ? POINT_END : END]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  const peak: Peak = { count: 0 };
  for (const [t, kind] of points) {
    if (kind === START) {
      open++;
      if (open > peak.count) { peak.count = open; peak.at = t; }
    } else {
      open--;
    }
  }
  return peak;
}
