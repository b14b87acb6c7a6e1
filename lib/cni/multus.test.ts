import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, multusConf } from '@/lib/testing/models';
import { isMultusConfig, nestedMultusPaths } from './multus';

describe('nestedMultusPaths', () => {
  it('finds nothing in a correct Multus config', () => {
    expect(nestedMultusPaths(multusConf(AWS_CONFLIST))).toEqual([]);
  });

  it('finds a Multus config nested at any depth', () => {
    const twice = multusConf(multusConf(multusConf(AWS_CONFLIST)));
    expect(nestedMultusPaths(twice)).toEqual(['$.delegates[0]', '$.delegates[0].delegates[0]']);
  });

  it('finds Multus inside a conflist plugin\'s delegates', () => {
    const list = { cniVersion: '1.0.0', name: 'multus', plugins: [{ type: 'multus', delegates: [multusConf(AWS_CONFLIST)] }] };
    expect(isMultusConfig(list)).toBe(true);
    expect(nestedMultusPaths(list)).toEqual(['$.plugins[0].delegates[0]']);
  });

  it('stays bounded on absurdly deep nesting', () => {
    let deep: Record<string, unknown> = { type: 'multus', delegates: [] };
    for (let i = 0; i < 100_000; i++) deep = { type: 'multus', delegates: [deep] };
    expect(nestedMultusPaths(deep, 64)).toHaveLength(64);
  });
});
