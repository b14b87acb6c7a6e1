import { describe, expect, it } from 'vitest';
import type { NodeView } from './views';
import { applyGridFilters, gridFacets, gridFiltersToQuery, groupNodes, NO_FILTERS, parseGridFilters } from './grid-filters';

const node = (name: string, over: Partial<NodeView> = {}): NodeView => ({
  name, ready: true, verdict: 'healthy', ruleIds: [], findingCount: 0, cnis: ['multus', 'aws-vpc-cni'], stuckPods: 0, zone: 'a', pool: 'general', ...over,
});

const fleet = [
  node('n-broken', { verdict: 'broken', zone: 'b', ruleIds: ['multus-nested-delegates'], variant: 'v2' }),
  node('n-1', { variant: 'v1' }),
  node('n-2', { zone: 'b', variant: 'v1' }),
  node('n-calico', { zone: 'c', cnis: ['calico'], variant: 'v3', verdict: 'degraded' }),
];

describe('grid filters in the URL', () => {
  it('round-trips through the query string', () => {
    const f = { ...NO_FILTERS, verdicts: ['broken' as const, 'degraded' as const], zones: ['b'], rules: ['multus-nested-delegates'], q: 'n-', group: 'zone' as const };
    const q = gridFiltersToQuery(f);
    expect(q).toBe('?verdict=broken%2Cdegraded&zone=b&rule=multus-nested-delegates&q=n-&group=zone');
    expect(parseGridFilters(new URLSearchParams(q))).toEqual(f);
    expect(gridFiltersToQuery(NO_FILTERS)).toBe('');
  });

  it('drops what it does not understand instead of failing', () => {
    const f = parseGridFilters(new URLSearchParams('verdict=broken,exploded&group=sideways&zone=' + 'x'.repeat(300)));
    expect(f.verdicts).toEqual(['broken']);
    expect(f.group).toBe('none');
    expect(f.zones).toEqual([]);
  });
});

describe('applyGridFilters', () => {
  it('combines filters with AND and values of one filter with OR', () => {
    const names = (f: Partial<typeof NO_FILTERS>): string[] => applyGridFilters(fleet, { ...NO_FILTERS, ...f }).map((n) => n.name);
    expect(names({ zones: ['b'] })).toEqual(['n-broken', 'n-2']);
    expect(names({ zones: ['b'], verdicts: ['healthy'] })).toEqual(['n-2']);
    expect(names({ verdicts: ['broken', 'degraded'] })).toEqual(['n-broken', 'n-calico']);
    expect(names({ cnis: ['calico'] })).toEqual(['n-calico']);
    expect(names({ rules: ['multus-nested-delegates'] })).toEqual(['n-broken']);
    expect(names({ q: 'calico' })).toEqual(['n-calico']);
  });
});

describe('groupNodes', () => {
  it('puts the group with the worst node first, then larger groups', () => {
    expect(groupNodes(fleet, 'variant').map((g) => [g.key, g.nodes.length])).toEqual([['v2', 1], ['v3', 1], ['v1', 2]]);
    expect(groupNodes(fleet, 'zone').map((g) => g.key)).toEqual(['b', 'c', 'a']);
    expect(groupNodes(fleet, 'none')).toHaveLength(1);
  });
});

describe('gridFacets', () => {
  it('offers the values present in the fleet', () => {
    expect(gridFacets(fleet)).toEqual({ zones: ['a', 'b', 'c'], pools: ['general'], cnis: ['aws-vpc-cni', 'calico', 'multus'], rules: ['multus-nested-delegates'] });
  });
});
