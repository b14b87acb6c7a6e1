import { describe, expect, it } from 'vitest';
import { tabTitle } from './tab-title';

describe('tabTitle', () => {
  it('puts the broken count in front, replaces an earlier count and drops it at zero', () => {
    expect(tabTitle('cni-health', 3)).toBe('(3) cni-health');
    expect(tabTitle('(3) cni-health', 12)).toBe('(12) cni-health');
    expect(tabTitle('(12) cni-health', 0)).toBe('cni-health');
    expect(tabTitle('(nodes) x', 1)).toBe('(1) (nodes) x');
  });
});
