import { describe, expect, it } from 'vitest';
import { addressInCidrs, isLoopbackHost, parseCidr, resolveAuthMode, type ModeInput } from './mode';

const input = (env: Record<string, string>, host = '127.0.0.1', source: ModeInput['source'] = 'kubeconfig'): ModeInput => ({ env, host, source });
const name = (i: ModeInput): string => {
  const r = resolveAuthMode(i);
  return r.ok ? r.mode.name : `refused: ${r.reason}`;
};

describe('resolveAuthMode', () => {
  it('runs the demo and local mode on loopback only', () => {
    expect(name(input({ CNI_HEALTH_MODE: 'demo' }))).toBe('demo');
    expect(name(input({ CNI_HEALTH_MODE: 'demo' }, '0.0.0.0'))).toMatch(/^refused: The demo .*loopback only/);
    expect(name(input({}, 'localhost'))).toBe('local');
    expect(name(input({}, '::1'))).toBe('local');
    expect(name(input({}, '0.0.0.0'))).toMatch(/^refused: Local mode/);
    expect(name(input({}, '192.168.1.4'))).toMatch(/^refused/);
  });

  it('is read-only in a cluster without CNI_HEALTH_AUTH, on any address', () => {
    expect(name(input({}, '0.0.0.0', 'in-cluster'))).toBe('read-only');
  });

  it('takes token mode on any address', () => {
    expect(name(input({ CNI_HEALTH_AUTH: 'token' }, '0.0.0.0', 'in-cluster'))).toBe('token');
  });

  it('needs trusted proxy addresses for proxy mode, and refuses nonsense', () => {
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy' }, '0.0.0.0'))).toMatch(/needs CNI_HEALTH_PROXY_ADDRESSES/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: 'nope' }))).toMatch(/not an IP address/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '0.0.0.0/0' }))).toMatch(/trusts every address/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '10.0.0.1', CNI_HEALTH_PROXY_USER_HEADER: 'X User' }))).toMatch(/not a valid header/);
    const r = resolveAuthMode(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '10.0.3.0/28, 127.0.0.1' }, '0.0.0.0'));
    expect(r.ok && r.mode.name === 'proxy' && r.mode.proxy).toMatchObject({ userHeader: 'X-Remote-User', groupHeader: 'X-Remote-Group' });
    expect(name(input({ CNI_HEALTH_AUTH: 'oidc' }))).toMatch(/must be "token" or "proxy"/);
    expect(name(input({ CNI_HEALTH_AUTH: 'token', CNI_HEALTH_MODE: 'demo' }))).toMatch(/do not mix/);
  });
});

describe('addresses', () => {
  it('matches peers against addresses and CIDRs, IPv4-mapped IPv6 included', () => {
    const cidrs = ['10.0.3.0/28', '127.0.0.1', 'fd00::/8'].map((c) => parseCidr(c)!);
    expect(addressInCidrs('10.0.3.15', cidrs)).toBe(true);
    expect(addressInCidrs('10.0.3.16', cidrs)).toBe(false);
    expect(addressInCidrs('::ffff:127.0.0.1', cidrs)).toBe(true);
    expect(addressInCidrs('127.0.0.2', cidrs)).toBe(false);
    expect(addressInCidrs('fd12::1', cidrs)).toBe(true);
    expect(addressInCidrs('fe80::1', cidrs)).toBe(false);
    expect(addressInCidrs(undefined, cidrs)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/8/1')).toBeUndefined();
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.3.2.1', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', 'localhost.evil.example', '10.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});
