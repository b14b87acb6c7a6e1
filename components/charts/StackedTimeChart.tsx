'use client';

import type { ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInstant, formatTick, zoneLabel } from '@/components/ui/time';
import { useTimeZone } from '@/components/ui/useTimeZone';
import { seriesColour } from './palette';

export interface TimeSeries {
  key: string;
  label: string;
  /** Aligned with `buckets`. */
  values: readonly number[];
}

interface Props {
  /** Accessible name; a text summary belongs next to the chart. */
  label: string;
  /** Bucket start times, epoch milliseconds. */
  buckets: readonly number[];
  /** End of the last bucket: the last step gets its width instead of ending at its start. */
  end: number;
  series: readonly TimeSeries[];
  height?: number;
}

/** Stacked areas over time buckets, one per series. Animation off (see TimelineChart). */
export function StackedTimeChart({ label, buckets, end, series, height = 220 }: Props): ReactNode {
  // recharts wants rows; series keys may contain dots (node names), which its
  // dataKey strings would read as paths, so rows are keyed by index.
  const row = (t: number, i: number): Record<string, number> => Object.fromEntries([['t', t], ...series.map((s, j) => [`s${j}`, s.values[i] ?? 0])]);
  const { timeZone } = useTimeZone();
  const zone = zoneLabel(timeZone, end);
  const rows = buckets.map(row);
  if (buckets.length > 0) rows.push(row(end, buckets.length - 1));
  return (
    <>
      <div role="img" aria-label={`${label} (times in ${zone})`} data-testid="stacked-chart" style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatTick(t, timeZone, end)} />
            <YAxis allowDecimals={false} width={36} />
            <Tooltip labelFormatter={(t) => formatInstant(Number(t), timeZone, end)} />
            <Legend />
            {series.map((s, j) => (
              <Area key={s.key} dataKey={`s${j}`} name={s.label} stackId="1" type="stepAfter" stroke={seriesColour(j)} fill={seriesColour(j)} fillOpacity={0.35} isAnimationActive={false} />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <p className="chart-zone" data-testid="chart-zone">times in {zone}</p>
    </>
  );
}
