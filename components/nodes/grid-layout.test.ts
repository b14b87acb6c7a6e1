import { describe, expect, it } from 'vitest';
import type { NodeGroup } from '@/lib/api/grid-filters';
import type { NodeView } from '@/lib/api/views';
import { layoutGrid, moveFocus } from './grid-layout';

const nodes = (prefix: string, n: number): NodeView[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, ready: true, verdict: 'healthy', ruleIds: [], findingCount: 0, cnis: [], stuckPods: 0 }));

const groups: NodeGroup[] = [
  { key: 'a', label: 'a', nodes: nodes('a', 5) },
  { key: 'b', label: 'b', nodes: nodes('b', 2) },
];

describe('layoutGrid', () => {
  it('lays groups out as a header and rows of cells', () => {
    const l = layoutGrid(groups, 3, true);
    expect(l.rows.map((r) => (r.kind === 'header' ? `H${r.count}` : `${r.start}-${r.end}`))).toEqual(['H5', '0-3', '3-5', 'H2', '5-7']);
    expect(l.rowOf).toEqual([1, 1, 1, 2, 2, 4, 4]);
  });
});

describe('moveFocus', () => {
  const l = layoutGrid(groups, 3, true);
  it('moves along rows and down across a group header, clamping to short rows', () => {
    expect(moveFocus(l, 0, 'ArrowRight')).toBe(1);
    expect(moveFocus(l, 2, 'ArrowDown')).toBe(4);
    expect(moveFocus(l, 4, 'ArrowDown')).toBe(6);
    expect(moveFocus(l, 6, 'ArrowDown')).toBe(6);
    expect(moveFocus(l, 5, 'ArrowUp')).toBe(3);
    expect(moveFocus(l, 1, 'ArrowUp')).toBe(1);
    expect(moveFocus(l, 3, 'End')).toBe(6);
    expect(moveFocus(l, 3, 'Home')).toBe(0);
    expect(moveFocus(l, 3, 'x')).toBeUndefined();
  });
});
