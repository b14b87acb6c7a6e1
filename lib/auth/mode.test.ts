import { describe, expect, it } from 'vitest';
import { addressInCidrs, coversAFamily, hostAllowed, isLoopbackHost, parseCidr, parseOrigins, resolveAuthMode, type ModeInput } from './mode';

const HOSTS = { CNI_HEALTH_HOSTS: 'https://dash.example' };
const input = (env: Record<string, string>, host = '127.0.0.1', source: ModeInput['source'] = 'kubeconfig'): ModeInput =>
  ({ env: env.CNI_HEALTH_AUTH ? { ...HOSTS, ...env } : env, host, source });
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

  it('takes token mode on any address, with the origins people reach it at', () => {
    expect(name(input({ CNI_HEALTH_AUTH: 'token' }, '0.0.0.0', 'in-cluster'))).toBe('token');
    const r = resolveAuthMode({ env: { CNI_HEALTH_AUTH: 'token', CNI_HEALTH_HOSTS: 'https://Dash.Example:443/, http://10.0.0.5:3000' }, host: '0.0.0.0', source: 'in-cluster' });
    expect(r.ok && r.mode.name === 'token' && r.mode.origins).toEqual(['https://dash.example', 'http://10.0.0.5:3000']);
  });

  it('refuses token and proxy mode without CNI_HEALTH_HOSTS, and hosts that are not bare origins', () => {
    for (const auth of ['token', 'proxy']) {
      const r = resolveAuthMode({ env: { CNI_HEALTH_AUTH: auth, CNI_HEALTH_PROXY_ADDRESSES: '10.0.0.1' }, host: '0.0.0.0', source: 'in-cluster' });
      expect(r.ok ? r.mode.name : r.reason).toMatch(/needs CNI_HEALTH_HOSTS/);
    }
    for (const bad of ['dash.example', 'https://dash.example/app', 'ftp://dash.example', 'https://u:p@dash.example', 'https://dash.example/?x=1']) {
      expect(parseOrigins(bad).ok).toBe(false);
    }
  });

  it('needs trusted proxy addresses for proxy mode, and refuses nonsense', () => {
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy' }, '0.0.0.0'))).toMatch(/needs CNI_HEALTH_PROXY_ADDRESSES/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: 'nope' }))).toMatch(/not an IP address/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '0.0.0.0/0' }))).toMatch(/trust every IPv4 address/);
    expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '10.0.0.1', CNI_HEALTH_PROXY_USER_HEADER: 'X User' }))).toMatch(/not a valid header/);
    const r = resolveAuthMode(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '10.0.3.0/28, 127.0.0.1' }, '0.0.0.0'));
    expect(r.ok && r.mode.name === 'proxy' && r.mode.proxy).toMatchObject({ userHeader: 'X-Remote-User', groupHeader: 'X-Remote-Group' });
    expect(name(input({ CNI_HEALTH_AUTH: 'oidc' }))).toMatch(/must be "token" or "proxy"/);
    expect(name(input({ CNI_HEALTH_AUTH: 'token', CNI_HEALTH_MODE: 'demo' }))).toMatch(/do not mix/);
  });
});

describe('proxy ranges that trust everyone', () => {
  const covers = (list: string): 4 | 6 | undefined => coversAFamily(list.split(',').map((c) => parseCidr(c)!));
  it('computes the union of the ranges, whatever their spelling', () => {
    expect(covers('0.0.0.0/0')).toBe(4);
    expect(covers('0.0.0.0/1,128.0.0.0/1')).toBe(4);
    expect(covers('128.0.0.0/2,0.0.0.0/1,192.0.0.0/2')).toBe(4);
    expect(covers('10.0.0.0/8,0.0.0.0/1,128.0.0.0/1')).toBe(4);
    expect(covers('::/0')).toBe(6);
    expect(covers('::/1,8000::/1')).toBe(6);
    expect(covers('::ffff:0:0/96')).toBe(4);
    expect(covers('::ffff:0.0.0.0/97,128.0.0.0/1')).toBe(4);
    expect(covers('0.0.0.0/1,128.0.0.0/2')).toBeUndefined();
    expect(covers('0.0.0.0/1,128.0.0.1/1')).toBe(4);
    expect(covers('10.0.0.0/8,fd00::/8')).toBeUndefined();
    expect(covers('0.0.0.0/1,192.0.0.0/2')).toBeUndefined();
  });

  it('refuses to start proxy mode with them', () => {
    for (const list of ['0.0.0.0/1, 128.0.0.0/1', '::/0', '::ffff:0:0/96', '10.0.0.1, ::/1, 8000::/1']) {
      expect(name(input({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: list }))).toMatch(/trust every IPv[46] address/);
    }
  });

  it('matches an IPv4-mapped range against IPv4 peers', () => {
    expect(addressInCidrs('10.1.2.3', [parseCidr('::ffff:10.1.0.0/112')!])).toBe(true);
    expect(addressInCidrs('::ffff:10.1.2.3', [parseCidr('::ffff:a01:0/112')!])).toBe(true);
    expect(addressInCidrs('10.2.2.3', [parseCidr('::ffff:10.1.0.0/112')!])).toBe(false);
  });
});

describe('hostAllowed', () => {
  it('compares the Host with each origin as the URL parser reads it for that scheme', () => {
    const origins = ['https://dash.example', 'http://10.0.0.5:3000', 'http://[fd00::1]:3000'];
    for (const h of ['dash.example', 'dash.example:443', '10.0.0.5:3000', '[fd00::1]:3000']) expect([h, hostAllowed(h, origins)]).toEqual([h, true]);
    for (const h of ['dash.example:80', '10.0.0.5', 'x@dash.example', 'dash.example/x', 'dash.example.', undefined]) expect([h, hostAllowed(h, origins)]).toEqual([h, false]);
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
