import { describe, expect, it } from 'vitest';
import { parsePodsFilter, parsePodsListing, parsePodsSearch, podsExportHref, podsHref, podsQueryKey } from './pods';
import { queryKeys } from './queries';

describe('pods URL state', () => {
  it('round-trips through the link it builds', () => {
    const search = {
      group: 'none' as const, node: 'ip-10-0-4-201.eu-west-1.compute.internal', signature: 'multus-ifname-exists', pod: 'shop/web-1',
      namespace: 'shop', workload: 'ReplicaSet/web-7d9f', q: 'already exists & more', sort: 'failures' as const, order: 'desc' as const,
    };
    const href = podsHref(search);
    const parsed = parsePodsSearch(new URLSearchParams(href.split('?')[1]));
    expect(parsed).toEqual({ ok: true, value: search });
  });

  it('defaults to grouping by node and leaves defaults out of links', () => {
    const defaults = { group: 'node', sort: 'node', order: 'asc' };
    expect(parsePodsSearch({})).toEqual({ ok: true, value: defaults });
    expect(podsHref({ group: 'node', sort: 'node', order: 'asc' })).toBe('/pods');
    expect(parsePodsSearch({ node: '', group: 'node', q: '   ' })).toEqual({ ok: true, value: defaults });
  });

  it('rejects bad input with a message naming the parameter', () => {
    const bad = parsePodsFilter(new URLSearchParams('node=Not_A_Node'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^node: /);
    expect(parsePodsSearch({ group: 'zone' }).ok).toBe(false);
    expect(parsePodsSearch({ signature: '<script>' }).ok).toBe(false);
    expect(parsePodsSearch({ pod: 'no-slash' }).ok).toBe(false);
    expect(parsePodsSearch({ namespace: 'Kube_System' }).ok).toBe(false);
    expect(parsePodsSearch({ workload: 'web-7d9f' }).ok).toBe(false);
    expect(parsePodsSearch({ sort: 'age' }).ok).toBe(false);
    expect(parsePodsSearch({ order: 'up' }).ok).toBe(false);
    const long = parsePodsListing({ q: 'x'.repeat(201) });
    expect(!long.ok && long.error).toMatch(/^q: /);
  });

  it('keys queries under the live stream’s prefix', () => {
    expect(podsQueryKey({ node: 'a', sort: 'node', order: 'asc' }).slice(0, queryKeys.all.length)).toEqual([...queryKeys.all]);
    expect(podsQueryKey({ sort: 'since', order: 'asc' })).not.toEqual(podsQueryKey({ sort: 'since', order: 'desc' }));
  });

  it('exports what the page lists, filters and order included', () => {
    expect(podsExportHref({ namespace: 'shop', q: 'a b', sort: 'since', order: 'desc' }, 'csv')).toBe('/api/export/pods?namespace=shop&q=a+b&sort=since&order=desc&format=csv');
  });
});
