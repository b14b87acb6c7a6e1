import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientKey, RateLimiter, rateLimitLayer } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst per client, then one attempt per interval, each client on its own', () => {
    const limiter = new RateLimiter({ burst: 3, refillMs: 1_000, maxClients: 100 });
    expect([0, 0, 0, 0].map(() => limiter.take('a', 0).ok)).toEqual([true, true, true, false]);
    expect(limiter.take('b', 0).ok).toBe(true);
    expect(limiter.take('a', 500)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('a', 1_000).ok).toBe(true);
    expect(limiter.take('a', 1_000).ok).toBe(false);
  });

  it('forgets the least recently seen client when full, so memory stays bounded', () => {
    const limiter = new RateLimiter({ burst: 1, refillMs: 60_000, maxClients: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0);
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('c', 0).ok).toBe(false);
  });

  it('counts an IPv6 client by its /64 and a mapped IPv4 as the IPv4', () => {
    expect(clientKey('2001:db8:1:2::1')).toBe(clientKey('2001:db8:1:2:ffff::9'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('rateLimitLayer over HTTP', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    const handler = rateLimitLayer('/api/session', { burst: 2, refillMs: 60_000, maxClients: 10 })((_req, res) => {
      res.writeHead(200).end('ok');
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  const call = (method: string, path: string): Promise<{ status: number; retryAfter?: string; body: string }> =>
    new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
      }).on('error', reject).end();
    });

  it('answers 429 with Retry-After past the burst, and leaves other requests alone', async () => {
    expect((await call('POST', '/api/session')).status).toBe(200);
    expect((await call('POST', '/api/session?x=1')).status).toBe(200);
    const limited = await call('POST', '/api/session');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(limited.body)).toMatchObject({ code: 'rate-limited' });
    expect((await call('GET', '/api/session')).status).toBe(200);
    expect((await call('POST', '/api/session/sign-out')).status).toBe(200);
  });
});
