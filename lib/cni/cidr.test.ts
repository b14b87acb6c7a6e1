import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './cidr';

describe('cidr', () => {
  it('parses both families strictly', () => {
    expect(parseIp('10.88.0.2')).toEqual({ family: 4, value: 0x0a580002n });
    expect(parseIp('fd00::ac:1')?.family).toBe(6);
    for (const bad of ['10.88.0', '256.1.1.1', '1.2.3.4.5', 'fe80::1%eth0', '1::2::3', '', 'x']) expect(parseIp(bad)).toBeUndefined();
    expect(parseCidr('10.244.1.0/33')).toBeUndefined();
    expect(parseCidr('10.244.1.7/24')).toEqual({ family: 4, base: 0x0af40100n, bits: 24 });
  });

  it('tells inside from outside, per family', () => {
    const pod = parseCidr('10.244.1.0/24')!;
    expect(cidrContains(pod, '10.244.1.200')).toBe(true);
    expect(cidrContains(pod, '10.244.2.1')).toBe(false);
    expect(cidrContains(pod, '10.88.0.2')).toBe(false);
    expect(cidrContains(parseCidr('fd00:10:244:1::/64')!, 'fd00:10:244:1::7')).toBe(true);
    expect(cidrContains(parseCidr('fd00:10:244:1::/64')!, '10.244.1.7')).toBe(false);
  });
});
