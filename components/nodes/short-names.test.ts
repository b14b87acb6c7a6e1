import { describe, expect, it } from 'vitest';
import { commonDomainSuffix, shortName } from './short-names';

describe('commonDomainSuffix', () => {
  it('finds the shared cloud domain', () => {
    const names = ['ip-10-0-1-17.eu-west-1.compute.internal', 'ip-10-0-4-201.eu-west-1.compute.internal'];
    expect(commonDomainSuffix(names)).toBe('.eu-west-1.compute.internal');
    expect(shortName(names[0]!, '.eu-west-1.compute.internal')).toBe('ip-10-0-1-17');
  });

  it('keeps names whole when they share nothing, and never shortens a name to nothing', () => {
    expect(commonDomainSuffix(['node-a', 'node-b'])).toBe('');
    expect(commonDomainSuffix(['only.one'])).toBe('');
    const names = ['a.x.internal', 'x.internal'];
    const suffix = commonDomainSuffix(names);
    expect(suffix).toBe('.internal');
    expect(names.map((n) => shortName(n, suffix))).toEqual(['a.x', 'x']);
    expect(shortName('.internal', '.internal')).toBe('.internal');
  });
});
