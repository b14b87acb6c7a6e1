import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthMode, type AuthMode } from '@/lib/auth/mode';
import { createServerMark, hasServerMark, PROXY_GROUPS_HEADER, PROXY_USER_HEADER } from '@/lib/auth/server-mark';
import { getSessionStore, SESSION_COOKIE } from '@/lib/auth/sessions';
import { gate } from './gate';
import { filterClaims, hostnameOf } from './headers';
import { claimsLayer, compose, gateLayer } from './pipeline';

const TOKEN: AuthMode = { name: 'token', origins: ['http://localhost:3000', 'http://x'] };
const proxyMode = (addresses: string): AuthMode => {
  const r = resolveAuthMode({ env: { CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: addresses, CNI_HEALTH_HOSTS: 'http://localhost:3000, https://dash.example' }, host: '0.0.0.0', source: 'in-cluster' });
  if (!r.ok) throw new Error(r.reason);
  return r.mode;
};

describe('filterClaims', () => {
  const headers = { host: 'x', 'x-remote-user': 'alice', 'x-remote-group': 'a, b', 'x-forwarded-host': 'evil', forwarded: 'for=1', [PROXY_USER_HEADER]: 'mallory', 'x-cni-health-mark': 'forged' };
  const distinct = { 'x-remote-user': ['alice'], 'x-remote-group': ['ops', 'dev'] };

  it('strips identity and forwarding headers from peers that are not the proxy', () => {
    const out = filterClaims(headers, distinct, '127.0.0.2', proxyMode('127.0.0.1'), 'MARK');
    expect(out.trustedPeer).toBe(false);
    expect(out.user).toBeUndefined();
    expect(Object.keys(out.headers)).toEqual(['host']);
  });

  it('keeps them from the proxy, with each group line as one group, stamped with the mark', () => {
    const out = filterClaims(headers, distinct, '::ffff:127.0.0.1', proxyMode('127.0.0.1'), 'MARK');
    expect(out.user).toBe('alice');
    expect(out.headers['x-forwarded-host']).toBe('evil');
    expect(out.headers['x-cni-health-mark']).toBe('MARK');
    expect(JSON.parse(decodeURIComponent(out.headers[PROXY_GROUPS_HEADER] as string))).toEqual(['ops', 'dev']);
    expect(out.headers['x-remote-user']).toBeUndefined();
  });

  it('believes nobody outside proxy mode, and no user named twice or with control characters', () => {
    expect(filterClaims(headers, distinct, '127.0.0.1', TOKEN, 'M').headers).toEqual({ host: 'x' });
    expect(filterClaims(headers, { 'x-remote-user': ['a', 'b'] }, '127.0.0.1', proxyMode('127.0.0.1'), 'M').user).toBeUndefined();
    expect(filterClaims(headers, { 'x-remote-user': ['a\u0000b'] }, '127.0.0.1', proxyMode('127.0.0.1'), 'M').user).toBeUndefined();
  });

  it('reads host names out of Host headers', () => {
    expect(hostnameOf('localhost:3000')).toBe('localhost');
    expect(hostnameOf('[::1]:3000')).toBe('::1');
    expect(hostnameOf(undefined)).toBeUndefined();
  });
});

describe('gate', () => {
  const input = { path: '/', url: '/?a=1', host: 'localhost:3000', hasSession: false, proxyUser: undefined };
  it('keeps demo and local mode to loopback Host names', () => {
    expect(gate({ name: 'demo' }, input).kind).toBe('pass');
    expect(gate({ name: 'local' }, { ...input, host: 'rebind.attacker.example:3000' })).toMatchObject({ kind: 'deny', status: 403 });
  });
  it('sends pages to sign in and answers APIs 401 in token mode; static files and the sign-in itself pass', () => {
    expect(gate(TOKEN, input)).toEqual({ kind: 'redirect', location: '/signin?next=%2F%3Fa%3D1' });
    expect(gate(TOKEN, { ...input, path: '/api/grid' })).toMatchObject({ kind: 'deny', status: 401 });
    for (const path of ['/signin', '/api/session', '/api/session/sign-out', '/_next/static/x.js', '/api/healthz']) expect(gate(TOKEN, { ...input, path }).kind).toBe('pass');
    expect(gate(TOKEN, { ...input, hasSession: true }).kind).toBe('pass');
  });
  it('answers 421 in token and proxy mode to a Host (or trusted X-Forwarded-Host) that is not configured, before anything else', () => {
    const proxy = proxyMode('10.0.0.1');
    for (const host of ['dash.example', 'dash.example:443', 'DASH.example']) expect(gate(proxy, { ...input, host, proxyUser: 'alice' }).kind).toBe('pass');
    for (const host of ['dash.example:8443', 'evil.example', 'evil@dash.example', 'dash.example.evil.example', 'localhost:3001', '', undefined]) {
      expect([host, gate(proxy, { ...input, host, proxyUser: 'alice' })]).toMatchObject([host, { kind: 'deny', status: 421 }]);
      expect(gate(TOKEN, { ...input, host, path: '/signin' })).toMatchObject({ kind: 'deny', status: 421 });
    }
    expect(gate(proxy, { ...input, host: 'dash.example', forwardedHost: 'evil.example', proxyUser: 'alice' })).toMatchObject({ status: 421 });
    expect(gate(proxy, { ...input, host: 'dash.example', forwardedHost: 'localhost:3000', proxyUser: 'alice' }).kind).toBe('pass');
    // The kubelet's probe names the pod IP.
    expect(gate(TOKEN, { ...input, host: '10.1.2.3:3000', path: '/api/healthz' }).kind).toBe('pass');
  });

  it('needs a proxy-named user in proxy mode', () => {
    expect(gate(proxyMode('10.0.0.1'), input)).toMatchObject({ kind: 'deny', status: 401 });
    expect(gate(proxyMode('10.0.0.1'), { ...input, proxyUser: 'alice' }).kind).toBe('pass');
  });
});

describe('the pipeline over real HTTP', () => {
  let server: Server;
  let port = 0;
  const seen: Record<string, unknown>[] = [];
  const mark = createServerMark();

  beforeAll(async () => {
    const handler = compose([claimsLayer(proxyMode('127.0.0.1'), mark), gateLayer(proxyMode('127.0.0.1'))], (req, res) => {
      const h = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])));
      seen.push({ user: req.headers[PROXY_USER_HEADER], marked: hasServerMark(h) });
      res.end('ok');
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = (localAddress: string, headers: Record<string, string>): Promise<number> =>
    new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/api/nodes', localAddress, headers: { host: 'dash.example', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject).end();
    });

  it('passes the named user on from 127.0.0.1 and refuses the same request from 127.0.0.2', async () => {
    expect(await get('127.0.0.1', { 'x-remote-user': 'alice' })).toBe(200);
    expect(seen.at(-1)).toEqual({ user: 'alice', marked: true });
    expect(await get('127.0.0.2', { 'x-remote-user': 'alice', 'x-cni-health-mark': mark })).toBe(401);
  });

  it('knows sessions from the shared store', () => {
    const s = getSessionStore().create('t', { username: 'u', groups: [] }, Date.now())!;
    expect(gate(TOKEN, { path: '/', url: '/', host: 'x', hasSession: getSessionStore().get(s.id, Date.now()) !== undefined, proxyUser: undefined }).kind).toBe('pass');
    expect(SESSION_COOKIE).toBe('cni-health-session');
  });
});
