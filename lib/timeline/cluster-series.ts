/**
 * Stuck pods over time per node, rebuilt from pods and their failure events
 * (never from memory of earlier polls), so it is the same after a server
 * restart. Each pod counts in every bucket its stuck interval overlaps. Pure.
 */
import { ms, type StuckInterval } from './episodes';

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
  /** One per node (the worst first), values aligned with `buckets`. */
  series: Array<{ key: string; values: number[] }>;
  /** Distinct pods stuck at some point in the window. */
  pods: number;
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
  let pods = 0;
  for (const iv of intervals) {
    const a = Math.max(ms(iv.from), from);
    const b = Math.min(ms(iv.to), now);
    if (b < a || b < from || a >= to) continue;
    pods++;
    const values = byNode.get(iv.node) ?? buckets.map(() => 0);
    const firstIdx = Math.floor((a - from) / bucketMs);
    const lastIdx = Math.min(buckets.length - 1, Math.floor((b - from) / bucketMs));
    for (let i = firstIdx; i <= lastIdx; i++) values[i]! += 1;
    byNode.set(iv.node, values);
  }

  const ranked = [...byNode.entries()]
    .map(([key, values]) => ({ key, values, peak: Math.max(...values), total: values.reduce((s, v) => s + v, 0) }))
    .sort((x, y) => y.peak - x.peak || y.total - x.total || x.key.localeCompare(y.key));
  const shown = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const rest = ranked.slice(shown.length);
  const series = shown.map(({ key, values }) => ({ key, values }));
  if (rest.length > 0) {
    series.push({ key: OTHER_NODES, values: buckets.map((_, i) => rest.reduce((s, r) => s + r.values[i]!, 0)) });
  }
  return { buckets, bucketMs, from, to, series, pods };
}
