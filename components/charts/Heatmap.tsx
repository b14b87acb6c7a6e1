'use client';

import type { ReactNode } from 'react';
import { ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';

export interface HeatCell {
  row: string;
  col: string;
  /** 0..1, or undefined for "no data". */
  value?: number;
  title: string;
  /** A colour of its own, for cells whose "no data" has several meanings (the probe mesh). */
  fill?: string;
}

interface Props {
  /** Accessible name; the numbers belong in a table next to it. */
  label: string;
  rows: readonly string[];
  cols: readonly string[];
  cells: readonly HeatCell[];
  rowLabel: string;
  colLabel: string;
}

/** Red for 0 (every probe fails) to green for 1; grey without data. Colour-blind safe ends (Okabe–Ito vermillion and bluish green). */
export function heatColour(value: number | undefined): string {
  if (value === undefined) return 'var(--border)';
  if (value >= 0.999) return '#009E73';
  if (value <= 0.001) return '#D55E00';
  return '#E69F00';
}

interface ShapeProps { cx?: number; cy?: number; payload?: HeatCell & { x: number; y: number } }

/** A rows × columns grid of squares on recharts' scatter layout. Animation is off. */
export function Heatmap({ label, rows, cols, cells, rowLabel, colLabel }: Props): ReactNode {
  const data = cells.map((c) => ({ ...c, x: cols.indexOf(c.col), y: rows.indexOf(c.row) }));
  const size = Math.max(22, Math.min(56, Math.floor(320 / Math.max(1, cols.length))));
  // Column names wider than a cell (zone names under three or more zones) are tilted, not overlapped.
  const longest = Math.max(0, ...cols.map((c) => c.length));
  const tilt = longest * 6.5 > size + 8;
  const axisHeight = tilt ? Math.min(110, Math.ceil(longest * 4.5) + 24) : 30;
  const height = rows.length * (size + 4) + axisHeight + 40;
  const Cell = ({ cx = 0, cy = 0, payload }: ShapeProps): ReactNode => (
    <rect x={cx - size / 2} y={cy - size / 2} width={size} height={size} rx={3} fill={payload?.fill ?? heatColour(payload?.value)} stroke="var(--panel)" />
  );
  return (
    <div role="img" aria-label={label} data-testid="heatmap" style={{ width: '100%', maxWidth: cols.length * (size + 8) + 160, height }}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 8, bottom: 24, left: 8 }}>
          <XAxis type="number" dataKey="x" domain={[-0.5, cols.length - 0.5]} ticks={cols.map((_, i) => i)} tickFormatter={(i: number) => cols[i] ?? ''} interval={0}
            angle={tilt ? -35 : 0} textAnchor={tilt ? 'end' : 'middle'} height={axisHeight}
            label={{ value: colLabel, position: 'bottom', offset: 4, style: { fontSize: 11 } }} />
          <YAxis type="number" dataKey="y" domain={[-0.5, rows.length - 0.5]} ticks={rows.map((_, i) => i)} tickFormatter={(i: number) => rows[i] ?? ''} interval={0} width={110} reversed />
          <ZAxis range={[size * size, size * size]} />
          <Tooltip cursor={false} formatter={() => ''} labelFormatter={() => ''} content={({ payload }) => {
            const cell = payload?.[0]?.payload as HeatCell | undefined;
            return cell ? <div className="chart-tip">{rowLabel} {cell.row} → {colLabel} {cell.col}: {cell.title}</div> : null;
          }} />
          <Scatter data={data} shape={Cell} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
