/**
 * The grid as rows for the virtualiser: a header row per group, then rows
 * of `columns` cells. Keyboard movement follows the rows as drawn.
 */
import type { NodeGroup } from '@/lib/api/grid-filters';
import type { NodeView } from '@/lib/api/views';

export type LayoutRow =
  | { kind: 'header'; key: string; label: string; count: number }
  | { kind: 'cells'; key: string; start: number; end: number };

export interface GridLayout {
  rows: LayoutRow[];
  /** Nodes in display order; cells rows index into it. */
  nodes: NodeView[];
  /** For each node index, the index of its row. */
  rowOf: number[];
}

export function layoutGrid(groups: readonly NodeGroup[], columns: number, headers: boolean): GridLayout {
  const cols = Math.max(1, Math.floor(columns));
  const rows: LayoutRow[] = [];
  const nodes: NodeView[] = [];
  const rowOf: number[] = [];
  for (const g of groups) {
    if (headers) rows.push({ kind: 'header', key: `h:${g.key}`, label: g.label, count: g.nodes.length });
    for (let i = 0; i < g.nodes.length; i += cols) {
      const start = nodes.length;
      const slice = g.nodes.slice(i, i + cols);
      nodes.push(...slice);
      for (let k = 0; k < slice.length; k++) rowOf.push(rows.length);
      rows.push({ kind: 'cells', key: `c:${g.key}:${i}`, start, end: start + slice.length });
    }
  }
  return { rows, nodes, rowOf };
}

function cellRow(layout: GridLayout, from: number, step: 1 | -1): Extract<LayoutRow, { kind: 'cells' }> | undefined {
  for (let r = from + step; r >= 0 && r < layout.rows.length; r += step) {
    const row = layout.rows[r]!;
    if (row.kind === 'cells') return row;
  }
  return undefined;
}

/** Where a key press moves the focus; undefined for keys the grid does not handle. */
export function moveFocus(layout: GridLayout, index: number, key: string): number | undefined {
  const count = layout.nodes.length;
  if (count === 0) return undefined;
  const row = layout.rows[layout.rowOf[index] ?? 0];
  if (!row || row.kind !== 'cells') return 0;
  const col = index - row.start;
  switch (key) {
    case 'ArrowRight':
      return Math.min(count - 1, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
    case 'ArrowUp': {
      const next = cellRow(layout, layout.rowOf[index]!, key === 'ArrowDown' ? 1 : -1);
      return next ? Math.min(next.end - 1, next.start + col) : index;
    }
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
