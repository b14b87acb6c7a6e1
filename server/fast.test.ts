import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastRoute } from '@/lib/server/fast-routes';
import { COMPRESS_ONCE_HEADER, compressionLayer } from './compress';
import { fastRouteLayer } from './fast';
import { compose } from './pipeline';

const BODY = JSON.stringify({ rows: Array.from({ length: 3000 }, (_, i) => ({ name: `node-${i}`, verdict: i % 40 ? 'healthy' : 'broken' })) });
const seen: Array<{ user: string | null; since: string | null }> = [];

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

let server: Server;
let port: number;
const compression = compressionLayer();

beforeAll(async () => {
  // The route answers like the grid route: a tagged body, 304 when the client has it.
  installFastRoute('/fast-test/grid', async (headers, url) => {
    seen.push({ user: headers.get('x-test-user'), since: url.searchParams.get('since') });
    const etag = '"v7"';
    const common = { etag, [COMPRESS_ONCE_HEADER]: 'once' };
    if (headers.get('if-none-match') === etag) return { status: 304, headers: common };
    return { status: 200, headers: { ...common, 'content-type': 'application/json' }, body: Buffer.from(BODY) };
  });
  const handler = compose([compression, fastRouteLayer()], (_req, res) => {
    res.writeHead(299, { 'content-type': 'text/plain' }).end('next');
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

describe('fastRouteLayer', () => {
  it('answers an installed route itself, with its headers and query, compressed once per ETag', async () => {
    const a = await call(port, '/fast-test/grid?since=3', { headers: { 'accept-encoding': 'gzip', 'x-test-user': 'alice' } });
    // The same request (its query in another order) from someone else: the bytes compressed once.
    const b = await call(port, '/fast-test/grid?since=3&', { headers: { 'accept-encoding': 'gzip' } });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(a.body).toString()).toBe(BODY);
    expect(b.body.equals(a.body)).toBe(true);
    expect(seen.slice(-2)).toEqual([{ user: 'alice', since: '3' }, { user: null, since: '3' }]);
    expect(compression.cache.hits).toBeGreaterThanOrEqual(1);
  });

  it('passes the route\'s 304 through, and answers HEAD without a body', async () => {
    const notModified = await call(port, '/fast-test/grid', { headers: { 'if-none-match': '"v7"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    const head = await call(port, '/fast-test/grid', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('leaves every other request to Next: other paths and other methods', async () => {
    expect((await call(port, '/fast-test/other')).status).toBe(299);
    expect((await call(port, '/fast-test/grid', { method: 'POST' })).status).toBe(299);
  });
});
