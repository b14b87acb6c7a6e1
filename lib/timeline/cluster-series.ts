/**
 * Stuck pods over time per node, rebuilt from pods and their failure events
 * (never from memory of earlier polls), so it is the same after a server
 * restart. Each pod counts in every bucket its stuck interval overlaps. Pure.
 */
import { ms, type StuckInterval } from './episodes';
import { peakConcurrent, type Span } from './peak';

export const SERIES_WINDOW_MS = 3 * 3600_000;
export const SERIES_BUCKET_MS = 5 * 60_000;
/** More lines than this are unreadable; the rest are summed into one. */
export const SERIES_MAX_NODES = 8;
export const OTHER_NODES = '(other nodes)';

export interface StuckSeries {
  /** Bucket start times, epoch milliseconds, oldest first. */
  buckets: number[];
  bucketMs: number;
  from: number;
  to: number;
  /**
   * One per node (the worst first), values aligned with `buckets`: pods stuck
   * at some point of each bucket. `peak` is the most stuck at one instant
   * (./peak.ts), which a bucket's count may exceed.
   */
  series: Array<{ key: string; values: number[]; peak: number }>;
  /** Distinct pods stuck at some point in the window. */
  pods: number;
  /** Most pods stuck at the same instant in the window, and the first time it happened. */
  peak: number;
  peakAt?: number;
  /** Pods stuck now. */
  current: number;
}

export function stuckSeries(
  intervals: readonly StuckInterval[],
  now: number,
  opts: { windowMs?: number; bucketMs?: number; maxSeries?: number } = {},
): StuckSeries {
  const bucketMs = opts.bucketMs ?? SERIES_BUCKET_MS;
  const windowMs = opts.windowMs ?? SERIES_WINDOW_MS;
  const maxSeries = opts.maxSeries ?? SERIES_MAX_NODES;
  // Buckets end at the next bucket boundary after now, so the last one is the current one.
  const to = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const from = to - Math.ceil(windowMs / bucketMs) * bucketMs;
  const buckets: number[] = [];
  for (let t = from; t < to; t += bucketMs) buckets.push(t);

  const byNode = new Map<string, number[]>();
  const spans = new Map<string, Span[]>();
  let pods = 0;
  let current = 0;
  for (const iv of intervals) {
    const a = Math.max(ms(iv.from), from);
    const b = Math.min(ms(iv.to), now);
    if (b < a || b < from || a >= to) continue;
    pods++;
    if (iv.ongoing) current++;
    const nodeSpans = spans.get(iv.node) ?? [];
    // A pod still waiting is stuck at `now` too: its span runs on, and the window cuts it there.
    nodeSpans.push({ from: ms(iv.from), to: iv.ongoing ? Number.POSITIVE_INFINITY : ms(iv.to) });
    spans.set(iv.node, nodeSpans);
    const values = byNode.get(iv.node) ?? buckets.map(() => 0);
    const firstIdx = Math.floor((a - from) / bucketMs);
    const lastIdx = Math.min(buckets.length - 1, Math.floor((b - from) / bucketMs));
    for (let i = firstIdx; i <= lastIdx; i++) values[i]! += 1;
    byNode.set(iv.node, values);
  }

  const window: Span = { from, to: now };
  const ranked = [...byNode.entries()]
    .map(([key, values]) => ({ key, values, peak: peakConcurrent(spans.get(key) ?? [], window).count, total: values.reduce((s, v) => s + v, 0) }))
    .sort((x, y) => y.peak - x.peak || y.total - x.total || x.key.localeCompare(y.key));
  const shown = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map(({ key, values, peak }) => ({ key, values, peak }));
  if (rest.length > 0) {
    const restSpans = rest.flatMap((r) => spans.get(r.key) ?? []);
    series.push({ key: OTHER_NODES, values: buckets.map((_, i) => rest.reduce((s, r) => s + r.values[i]!, 0)), peak: peakConcurrent(restSpans, window).count });
  }
  const peak = peakConcurrent([...spans.values()].flat(), window);
  return { buckets, bucketMs, from, to, series, pods, peak: peak.count, ...(peak.at !== undefined ? { peakAt: peak.at } : {}), current };
}
