import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthMode, type AuthMode } from '@/lib/auth/mode';
import { createServerMark } from '@/lib/auth/server-mark';
import { installFastRoute } from '@/lib/server/fast-routes';
import { compressionLayer } from './compress';
import { fastRouteLayer } from './fast';
import { claimsLayer, compose, gateLayer } from './pipeline';
import { rateLimitLayer } from './rate-limit';
import { HSTS, securityHeadersLayer } from './security-headers';
import { slowClientLayer } from './slow-clients';

/*
 * Every family of response, through the server's whole pipeline in the
 * order server/main.ts composes it: a page, an API answer, the fast path, a
 * static file, a gate refusal, a redirect to sign in, a 421, a 429, and an
 * error thrown by the handler.
 */

const mode = (env: Record<string, string>): AuthMode => {
  const r = resolveAuthMode({ env: { CNI_HEALTH_HOSTS: 'http://dash.example', ...env }, host: '0.0.0.0', source: 'in-cluster' });
  if (!r.ok) throw new Error(r.reason);
  return r.mode;
};

interface Served { port: number; nonces: Array<string | undefined>; close(): void }

async function serve(m: AuthMode): Promise<Served> {
  const nonces: Array<string | undefined> = [];
  installFastRoute('/sec-test/fast', async () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode('{"fast":true}') }));
  const layers = [securityHeadersLayer(m), compressionLayer(), slowClientLayer(), claimsLayer(m, createServerMark()), gateLayer(m), rateLimitLayer('/api/session', { burst: 1, refillMs: 60_000, maxClients: 10 }), fastRouteLayer()];
  const handler = compose(layers, (req, res) => {
    // What Next sees: the policy, whose nonce it puts on its scripts.
    nonces.push(/'nonce-([^']+)'/.exec(String(req.headers['content-security-policy']))?.[1]);
    if (req.url === '/boom') throw new Error('boom');
    const type = req.url?.startsWith('/_next/static/') ? 'application/javascript' : req.url?.startsWith('/api/') ? 'application/json' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(type === 'text/html' ? '<!doctype html><p>page</p>' : '{}');
  });
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, nonces, close: () => server.close() };
}

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: 'dash.example', ...opts.headers }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    }).on('error', reject).end();
  });
}

function expectHardened(h: IncomingHttpHeaders, what: string): void {
  const csp = String(h['content-security-policy']);
  expect([what, csp]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==';/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect([what, h['x-frame-options']]).toEqual([what, 'DENY']);
  expect([what, h['x-content-type-options']]).toEqual([what, 'nosniff']);
  expect([what, h['referrer-policy']]).toEqual([what, 'no-referrer']);
}

describe('security headers on every response family', () => {
  let token: Served;
  beforeAll(async () => {
    token = await serve(mode({ CNI_HEALTH_AUTH: 'token' }));
  });
  afterAll(() => token.close());

  it('token mode: public page, static file, 401, redirect, 421, 429, handler error', async () => {
    const families: Array<[string, string, { method?: string; headers?: Record<string, string> }, number]> = [
      ['sign-in page', '/signin', {}, 200],
      ['static asset', '/_next/static/chunks/app.js', {}, 200],
      ['API refusal (401)', '/api/grid', {}, 401],
      ['redirect to sign in', '/nodes/a', {}, 303],
      ['misdirected (421)', '/signin', { headers: { host: 'evil.example' } }, 421],
      ['sign-in attempt', '/api/session', { method: 'POST' }, 200],
      ['rate limited (429)', '/api/session', { method: 'POST' }, 429],
      ['health', '/api/healthz', {}, 200],
    ];
    for (const [what, path, opts, status] of families) {
      const r = await call(token.port, path, opts);
      expect([what, r.status]).toEqual([what, status]);
      expectHardened(r.headers, what);
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('a fresh nonce per response, the one on the request Next renders with, whatever the client sent', async () => {
    const before = token.nonces.length;
    const a = await call(token.port, '/signin', { headers: { 'content-security-policy': "script-src 'nonce-attacker'" } });
    const b = await call(token.port, '/signin');
    const [na, nb] = token.nonces.slice(before);
    expect(na).not.toBe('attacker');
    expect(String(a.headers['content-security-policy'])).toContain(`'nonce-${na}'`);
    expect(String(b.headers['content-security-policy'])).toContain(`'nonce-${nb}'`);
    expect(na).not.toBe(nb);
  });
});

describe('security headers in proxy mode and on the fast path', () => {
  let proxy: Served;
  beforeAll(async () => {
    proxy = await serve(mode({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '127.0.0.1' }));
  });
  afterAll(() => proxy.close());
  const user = { 'x-remote-user': 'alice' };

  it('pages, API answers, the fast path and handler errors', async () => {
    for (const [what, path, status] of [['page', '/', 200], ['API', '/api/nodes', 200], ['fast path', '/sec-test/fast', 200], ['error', '/boom', 500]] as const) {
      const r = await call(proxy.port, path, { headers: user });
      expect([what, r.status]).toEqual([what, status]);
      expectHardened(r.headers, what);
    }
  });

  it('HSTS only when the trusted proxy says the request came over https', async () => {
    expect((await call(proxy.port, '/', { headers: { ...user, 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBe(HSTS);
    expect((await call(proxy.port, '/', { headers: { ...user, 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
    expect((await call(proxy.port, '/', { headers: user })).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('HSTS from an untrusted peer', () => {
  it('is not sent when a client that is not the proxy says https', async () => {
    const s = await serve(mode({ CNI_HEALTH_AUTH: 'proxy', CNI_HEALTH_PROXY_ADDRESSES: '10.9.9.9' }));
    try {
      const r = await call(s.port, '/signin', { headers: { 'x-forwarded-proto': 'https' } });
      expect(r.headers['strict-transport-security']).toBeUndefined();
      expectHardened(r.headers, 'untrusted');
    } finally {
      s.close();
    }
  });
});
