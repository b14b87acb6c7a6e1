import { describe, expect, it } from 'vitest';
import { applyGridDelta, decodeGrid, encodeGrid } from './grid-compact';
import type { GridView, NodeView } from './views';

const meta: Omit<GridView, 'nodes'> = {
  cluster: { name: 'c', server: 'https://x', demo: true }, generatedAt: '2025-01-01T00:00:00.000Z', stale: false, errors: [], sync: [],
  counts: { healthy: 2, degraded: 0, broken: 1, unknown: 0 }, cnis: [], clusterFindings: [],
};

const node = (name: string, over: Partial<NodeView> = {}): NodeView => ({
  name, zone: 'eu-west-1a', pool: 'general', ready: true, verdict: 'healthy', ruleIds: [], findingCount: 0, cnis: ['multus', 'aws-vpc-cni'], stuckPods: 0, variant: 'abcd1234',
  multus: { namespace: 'kube-system', name: '', phase: 'Running', ready: true, restarts: 0, qosClass: 'BestEffort', image: 'multus:v4' },
  ...over,
});

const broken = node('b', {
  verdict: 'broken', ready: true, ruleIds: ['multus-nested-delegates'], findingCount: 2, stuckPods: 3, stuckSince: '2025-01-01T00:00:00Z',
  topFinding: { ruleId: 'multus-nested-delegates', severity: 'error', title: 'Multus wraps itself' },
  multus: { namespace: 'kube-system', name: '', phase: 'Running', ready: true, restarts: 1, lastTerminationReason: 'OOMKilled', qosClass: 'BestEffort', image: 'multus:v4' },
});

describe('compact grid payload', () => {
  it('decodes to the same node views, worst first', () => {
    const nodes = [node('a'), broken, node('c', { zone: undefined, pool: undefined, multus: undefined, variant: undefined, ready: false })];
    const view = decodeGrid(encodeGrid(meta, nodes, { epoch: 'e1', version: 7 }));
    expect(view.nodes.map((n) => n.name)).toEqual(['b', 'a', 'c']);
    expect(view.nodes).toEqual([broken, nodes[0], nodes[2]]);
    expect(view).toMatchObject({ version: 7, epoch: 'e1', counts: meta.counts });
  });

  it('applies a delta: changed rows replace, removed rows go, new rows arrive', () => {
    const full = encodeGrid(meta, [node('a'), node('b'), node('c')], { epoch: 'e1', version: 1 });
    const delta = encodeGrid(meta, [broken, node('d')], { epoch: 'e1', version: 2, base: 1, removed: ['c'] });
    expect(delta.base).toBe(1);
    const merged = applyGridDelta(full, delta);
    expect(merged.base).toBeUndefined();
    expect(merged.version).toBe(2);
    expect(decodeGrid(merged).nodes.map((n) => `${n.name}:${n.verdict}`)).toEqual(['b:broken', 'a:healthy', 'd:healthy']);
  });

  it('interns repeated strings once', () => {
    const p = encodeGrid(meta, Array.from({ length: 100 }, (_, i) => node(`n${i}`)), { epoch: 'e', version: 1 });
    expect(p.strings.filter((s) => s === 'eu-west-1a')).toHaveLength(1);
    expect(p.multus).toHaveLength(1);
    expect(p.rows.verdict).toBe('3'.repeat(100));
  });
});
