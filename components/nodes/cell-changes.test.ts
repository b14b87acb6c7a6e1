import { describe, expect, it } from 'vitest';
import type { NodeView } from '@/lib/api/views';
import { cellChanges } from './cell-changes';

const node = (name: string, over: Partial<NodeView> = {}): NodeView => ({ name, ready: true, verdict: 'healthy', ruleIds: [], findingCount: 0, cnis: [], stuckPods: 0, ...over });

describe('cellChanges', () => {
  it('marks nodes whose verdict, top finding or stuck pods changed, not new or unchanged ones', () => {
    const prev = [node('a'), node('b'), node('c')];
    const next = [node('a', { verdict: 'broken', topFinding: { ruleId: 'x', severity: 'error', title: 'x' } }), node('b'), node('c', { stuckPods: 2 }), node('d')];
    expect(cellChanges(prev, next, new Map(), 1000)).toEqual(new Map([['a', 1000], ['c', 1000]]));
  });

  it('keeps a mark for as long as the flash lasts, then drops it', () => {
    const nodes = [node('a')];
    expect(cellChanges(nodes, nodes, new Map([['a', 1000]]), 2000)).toEqual(new Map([['a', 1000]]));
    expect(cellChanges(nodes, nodes, new Map([['a', 1000]]), 4000)).toEqual(new Map());
  });
});
