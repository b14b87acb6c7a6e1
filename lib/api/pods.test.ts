import { describe, expect, it } from 'vitest';
import { parsePodsFilter, parsePodsSearch, podsHref, podsQueryKey } from './pods';
import { queryKeys } from './queries';

describe('pods URL state', () => {
  it('round-trips through the link it builds', () => {
    const search = { group: 'signature' as const, node: 'ip-10-0-4-201.eu-west-1.compute.internal', signature: 'multus-ifname-exists', pod: 'shop/web-1' };
    const href = podsHref(search);
    const parsed = parsePodsSearch(new URLSearchParams(href.split('?')[1]));
    expect(parsed).toEqual({ ok: true, value: search });
  });

  it('defaults to grouping by node and leaves defaults out of links', () => {
    expect(parsePodsSearch({})).toEqual({ ok: true, value: { group: 'node' } });
    expect(podsHref({ group: 'node' })).toBe('/pods');
    expect(parsePodsSearch({ node: '', group: 'node' })).toEqual({ ok: true, value: { group: 'node' } });
  });

  it('rejects bad input with a message naming the parameter', () => {
    const bad = parsePodsFilter(new URLSearchParams('node=Not_A_Node'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^node: /);
    expect(parsePodsSearch({ group: 'zone' }).ok).toBe(false);
    expect(parsePodsSearch({ signature: '<script>' }).ok).toBe(false);
    expect(parsePodsSearch({ pod: 'no-slash' }).ok).toBe(false);
  });

  it('keys queries under the live stream’s prefix', () => {
    expect(podsQueryKey({ node: 'a' }).slice(0, queryKeys.all.length)).toEqual([...queryKeys.all]);
  });
});
