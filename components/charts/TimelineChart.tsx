'use client';

import type { ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInstant, formatTick, zoneLabel } from '@/components/ui/time';
import { useTimeZone } from '@/components/ui/useTimeZone';
import { TONE_COLOUR } from './palette';

export interface TimelineMarker {
  t: number;
  label: string;
  tone: 'change' | 'start' | 'end';
}

interface Props {
  /** Accessible name; a text summary belongs next to the chart. */
  label: string;
  start: number;
  end: number;
  points: ReadonlyArray<{ t: number; value: number }>;
  valueLabel: string;
  markers: readonly TimelineMarker[];
  height?: number;
}

const TONE: Record<TimelineMarker['tone'], string> = TONE_COLOUR;

/** One value over time on a time axis, with labelled vertical markers. Animation is off: charts must not move under test or for people who asked for less motion. */
export function TimelineChart({ label, start, end, points, valueLabel, markers, height = 180 }: Props): ReactNode {
  const { timeZone } = useTimeZone();
  const zone = zoneLabel(timeZone, end);
  return (
    <>
      <div role="img" aria-label={`${label} (times in ${zone})`} data-testid="timeline-chart" style={{ width: '100%', height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...points]} margin={{ top: 22, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={[start, end]} tickFormatter={(t: number) => formatTick(t, timeZone, end)} allowDataOverflow />
            <YAxis allowDecimals={false} width={44} label={{ value: valueLabel, angle: -90, position: 'insideLeft', offset: 12, style: { fontSize: 11 } }} />
            <Tooltip labelFormatter={(t) => formatInstant(Number(t), timeZone, end)} formatter={(v) => [v, valueLabel]} />
            {markers.map((m) => (
              <ReferenceLine
                key={`${m.tone}-${m.t}-${m.label}`}
                x={m.t}
                stroke={TONE[m.tone]}
                strokeDasharray={m.tone === 'change' ? '6 3' : undefined}
                strokeWidth={m.tone === 'change' ? 2 : 1}
                // Changes label above the plot, creation/running inside it, so markers a minute apart stay legible.
                label={{ value: m.label, position: m.tone === 'change' ? 'top' : m.tone === 'end' ? 'insideTopRight' : 'insideTopLeft', fontSize: 11, fill: TONE[m.tone] }}
                ifOverflow="hidden"
              />
            ))}
            <Line dataKey="value" type="linear" stroke="var(--broken)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="chart-zone" data-testid="chart-zone">times in {zone}</p>
    </>
  );
}
