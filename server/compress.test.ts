import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalRequest, chooseEncoding, COMPRESS_ONCE_HEADER, compressionLayer } from './compress';
import type { Handler } from './pipeline';

const BODY = JSON.stringify({ rows: Array.from({ length: 5000 }, (_, i) => ({ name: `ip-10-0-${i}.ec2.internal`, verdict: i % 50 ? 'healthy' : 'broken' })) });

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

let server: Server | undefined;
afterEach(() => server?.close());

/** Writes like Next does: headers set one by one, flushHeaders, body in chunks, end. */
const nextLike: Handler = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  res.statusCode = 200;
  res.setHeader('content-type', url.pathname === '/stream' ? 'text/event-stream' : 'application/json');
  if (url.pathname === '/grid') {
    res.setHeader('etag', `"v${url.searchParams.get('v') ?? '1'}"`);
    res.setHeader(COMPRESS_ONCE_HEADER, 'once');
  }
  if (url.pathname === '/stream') res.setHeader('cache-control', 'no-store, no-transform');
  res.flushHeaders();
  res.write(BODY.slice(0, 1000));
  res.write(Buffer.from(BODY.slice(1000)));
  res.end();
};

async function serve(handler: Handler): Promise<{ port: number; layer: ReturnType<typeof compressionLayer> }> {
  const layer = compressionLayer();
  const h = layer(handler);
  server = createServer((req, res) => void h(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server!.address() as AddressInfo).port, layer };
}

describe('compressionLayer', () => {
  it('compresses a marked response once per ETag and encoding, serving the cached bytes after', async () => {
    const { port, layer } = await serve(nextLike);
    const a = await get(port, '/grid', { 'accept-encoding': 'gzip' });
    const b = await get(port, '/grid', { 'accept-encoding': 'gzip, deflate' });
    expect(a.status).toBe(200);
    expect(a.headers['content-encoding']).toBe('gzip');
    expect(a.headers[COMPRESS_ONCE_HEADER]).toBeUndefined();
    expect(a.headers.etag).toBe('W/"v1"');
    expect(a.headers.vary).toContain('Accept-Encoding');
    expect(gunzipSync(a.body).toString()).toBe(BODY);
    expect(b.body.equals(a.body)).toBe(true);
    expect(layer.cache.misses).toBe(1);
    expect(layer.cache.hits).toBe(1);
    const br = await get(port, '/grid', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(BODY);
    // A new ETag is a new body.
    await get(port, '/grid?v=2', { 'accept-encoding': 'gzip' });
    expect(layer.cache.misses).toBe(3);
  });

  it('sends a marked response plain to a client that takes no compression', async () => {
    const { port } = await serve(nextLike);
    const r = await get(port, '/grid', { 'accept-encoding': 'identity' });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe(BODY);
    expect(r.headers[COMPRESS_ONCE_HEADER]).toBeUndefined();
  });

  it('leaves everything else to the compression package: unmarked bodies per request, no-transform streams untouched', async () => {
    const { port, layer } = await serve(nextLike);
    const plain = await get(port, '/other', { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(plain.body).toString()).toBe(BODY);
    const stream = await get(port, '/stream', { 'accept-encoding': 'gzip' });
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.body.toString()).toBe(BODY);
    expect(layer.cache.misses).toBe(0);
  });

  it('never serves one request the bytes of another that carried the same tag', async () => {
    const { port } = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"same"', [COMPRESS_ONCE_HEADER]: 'once' });
      res.end(JSON.stringify({ url: req.url, pad: BODY.slice(0, 2000) }));
    });
    for (const q of ['a=1', 'a=2', 'b=1&a=1']) {
      const r = await get(port, `/x?${q}`, { 'accept-encoding': 'gzip' });
      expect((JSON.parse(gunzipSync(r.body).toString()) as { url: string }).url).toBe(`/x?${q}`);
    }
  });

  it('passes a 304 through without a body', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(304, { etag: '"v1"', [COMPRESS_ONCE_HEADER]: 'once' });
      res.end();
    });
    const r = await get(port, '/grid', { 'accept-encoding': 'gzip', 'if-none-match': '"v1"' });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
  });
});

describe('chooseEncoding', () => {
  it('prefers br, honours q=0, falls back to gzip or nothing', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
  });
});

describe('canonicalRequest', () => {
  it('names a request by method, path and sorted query, however the query is spelled', () => {
    expect(canonicalRequest('GET', '/api/diff?target=b&base=a')).toBe(canonicalRequest('GET', '/api/diff?base=a&target=b&'));
    expect(canonicalRequest('GET', '/api/diff?target=b&base=a')).not.toBe(canonicalRequest('GET', '/api/diff?target=a&base=b'));
    expect(canonicalRequest('GET', '/api/grid')).toBe('GET /api/grid');
  });
});
