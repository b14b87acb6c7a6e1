'use client';

import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { MeshCellState, MeshCellView, MeshMemberView } from '@/lib/api/probe-mesh';
import { inertLine } from '@/components/ui/inert';
import { Time } from '@/components/ui/Time';
import styles from './mesh.module.css';

export const STATE_TEXT: Record<MeshCellState, { mark: string; words: string }> = {
  ok: { mark: '✓', words: 'answers' },
  failing: { mark: '✗', words: 'fails' },
  pending: { mark: '…', words: 'no result yet' },
  absent: { mark: '–', words: 'not in the mesh (no running prober)' },
  self: { mark: '·', words: 'itself' },
};

function numbers(c: MeshCellView): string {
  const parts = [c.loss !== undefined ? `loss ${Math.round(c.loss * 100)}%` : '', c.latencyMs !== undefined ? `median ${c.latencyMs} ms` : '', c.error ? inertLine(c.error) : ''];
  return parts.filter(Boolean).join(', ');
}

export function cellLabel(c: MeshCellView): string {
  const extra = numbers(c);
  return `${inertLine(c.from)} to ${inertLine(c.to)}: ${STATE_TEXT[c.state].words}${extra ? ` (${extra})` : ''}`;
}

/**
 * The matrix as an ARIA grid: one tab stop, arrow keys move between cells
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/), the focused or hovered
 * cell's details below with times in the viewer's zone. Columns are numbered
 * after the rows, so 50 long node names fit a phone's width with scrolling.
 */
export function MeshCells({ members, cells, now }: { members: MeshMemberView[]; cells: MeshCellView[]; now: string }): ReactNode {
  const n = members.length;
  const [at, setAt] = useState<[number, number]>([0, Math.min(1, n - 1)]);
  const table = useRef<HTMLTableElement>(null);
  const cell = (r: number, c: number): MeshCellView | undefined => cells[r * n + c];
  const move = (r: number, c: number): void => {
    const next: [number, number] = [Math.max(0, Math.min(n - 1, r)), Math.max(0, Math.min(n - 1, c))];
    setAt(next);
    table.current?.querySelector<HTMLElement>(`[data-rc="${next[0]}-${next[1]}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent): void => {
    const [r, c] = at;
    const to: Record<string, [number, number]> = { ArrowUp: [r - 1, c], ArrowDown: [r + 1, c], ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], Home: [r, 0], End: [r, n - 1] };
    const target = to[e.key];
    if (!target) return;
    e.preventDefault();
    move(target[0], target[1]);
  };
  const chosen = cell(at[0], at[1]);
  const source = members[at[0]];
  return (
    <>
      <div className={styles.scroll}>
        <table ref={table} role="grid" aria-label="Probe results from node (rows) to node (columns)" className={styles.grid} onKeyDown={onKey} data-testid="mesh-grid">
          <thead>
            <tr><th scope="col">From ↓ to →</th>{members.map((m, i) => <th key={m.name} scope="col" title={inertLine(m.name)}>{i + 1}</th>)}</tr>
          </thead>
          <tbody>
            {members.map((m, r) => (
              <tr key={m.name} data-testid="mesh-row" data-node={m.name}>
                <th scope="row" title={m.zone ? `zone ${inertLine(m.zone)}` : 'no zone'}>{r + 1}. {inertLine(m.name)}{m.known ? '' : ' (not in the cluster)'}</th>
                {members.map((t, c) => {
                  const v = cell(r, c);
                  if (!v) return <td key={t.name} />;
                  return (
                    <td key={t.name} role="gridcell" tabIndex={at[0] === r && at[1] === c ? 0 : -1} data-rc={`${r}-${c}`} data-state={v.state} data-to={t.name}
                      className={`${styles.cell} ${styles[v.state]}`} aria-label={cellLabel(v)} title={cellLabel(v)}
                      onFocus={() => setAt([r, c])} onMouseEnter={() => setAt([r, c])}>
                      {STATE_TEXT[v.state].mark}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={`${styles.detail} small`} aria-live="polite" data-testid="mesh-detail">
        {chosen && <>{cellLabel(chosen)}{chosen.since && chosen.state !== 'pending' ? <>; {chosen.state === 'ok' ? 'answering' : 'failing'} since <Time iso={chosen.since} now={now} /></> : null}</>}
        {source?.reportAt && <>. {inertLine(source.name)}&apos;s report is of <Time iso={source.reportAt} now={now} />{source.zone ? `, zone ${inertLine(source.zone)}` : ''}.</>}
      </p>
    </>
  );
}
