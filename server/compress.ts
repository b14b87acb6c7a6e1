/**
 * Response compression for the custom server, in place of Next's own
 * (next.config.js `compress: false` when this layer is in front).
 *
 * Next compresses every response per request, and a route handler may not
 * set Content-Encoding (send-response.js drops it), so the grid's ~360 KB
 * JSON at 5,000 nodes was gzipped once per request: ~2.3 ms of the ~3 ms it
 * cost under load. A response that carries a strong ETag and the marker
 * header `x-cni-health-compress: once` promises that its bytes are exactly
 * what the ETag names; this layer then compresses them once per (request,
 * ETag, encoding) and serves the cached bytes to everyone after. The request
 * (path and canonical query) is part of the key so that a tag one route got
 * wrong (two diffs once shared a time-based tag) can never hand one request
 * another's answer. Anything else goes to the `compression` package (what
 * Next uses), unchanged.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import type { Layer } from './pipeline';

export const COMPRESS_ONCE_HEADER = 'x-cni-health-compress';

export interface CompressOptions {
  /** Bytes of compressed bodies kept (least recently used go first). */
  maxCacheBytes?: number;
  /** Bodies larger than this are compressed per request as usual. */
  maxBodyBytes?: number;
}

type Encoding = 'br' | 'gzip';

/** br when the client takes it (about half gzip's size on the grid), else gzip; q=0 means no. */
export function chooseEncoding(accept: string | undefined): Encoding | undefined {
  const offered = new Map<string, number>();
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (e: string): boolean => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 6 });
}

/** `GET /path?a=1&b=2` with the query's parameters sorted: what the request asked for, however it spelled it. */
export function canonicalRequest(method: string | undefined, url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  params.sort();
  const query = params.toString();
  return `${method ?? 'GET'} ${q === -1 ? raw : raw.slice(0, q)}${query ? `?${query}` : ''}`;
}

/** Compressed bodies by `request|etag|encoding`, bounded by total size. */
export class CompressedCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get(request: string, etag: string, encoding: Encoding, body: () => Buffer): Buffer {
    const key = `${request}|${etag}|${encoding}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    this.misses++;
    const out = compress(body(), encoding);
    this.entries.set(key, out);
    this.bytes += out.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
    return out;
  }
}

const isStrongEtag = (v: unknown): v is string => typeof v === 'string' && /^"[^"]*"$/.test(v);

type End = ServerResponse['end'];
type Write = ServerResponse['write'];

/** Buffers a marked response's body and sends the cached compressed bytes instead. */
function interceptOnce(req: IncomingMessage, res: ServerResponse, cache: CompressedCache, maxBodyBytes: number): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const writeHead = res.writeHead.bind(res);
  let mode: 'undecided' | 'pass' | 'once' = 'undecided';
  let encoding: Encoding | undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  const decide = (): void => {
    if (mode !== 'undecided') return;
    const marked = res.getHeader(COMPRESS_ONCE_HEADER) === 'once';
    if (marked) res.removeHeader(COMPRESS_ONCE_HEADER);
    encoding = chooseEncoding(req.headers['accept-encoding'] as string | undefined);
    mode = marked && encoding && req.method === 'GET' && res.statusCode === 200 && isStrongEtag(res.getHeader('etag')) && !res.getHeader('content-encoding') ? 'once' : 'pass';
  };
  const toBuffer = (chunk: unknown, enc?: unknown): Buffer =>
    Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.from(String(chunk), typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8');
  res.writeHead = ((...args: Parameters<ServerResponse['writeHead']>) => {
    if (typeof args[0] === 'number') res.statusCode = args[0];
    // Headers given to writeHead itself are applied first, so the decision sees them.
    const headers = args.find((a, i) => i > 0 && a && typeof a === 'object') as Record<string, string> | undefined;
    if (headers && !Array.isArray(headers)) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    decide();
    if (mode === 'once') return res;
    return writeHead(res.statusCode);
  }) as ServerResponse['writeHead'];
  res.flushHeaders = () => {
    decide();
    if (mode === 'pass') writeHead(res.statusCode);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    decide();
    if (mode === 'pass') return write(chunk, ...rest);
    const b = toBuffer(chunk, rest[0]);
    chunks.push(b);
    size += b.length;
    if (size > maxBodyBytes) {
      // Too big to hold: send what we have uncached, compressed per request.
      mode = 'pass';
      writeHead(res.statusCode);
      return write(Buffer.concat(chunks.splice(0)));
    }
    const cb = rest.find((a) => typeof a === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as Write;
  res.end = ((...args: unknown[]) => {
    decide();
    if (mode === 'pass') return end(...args);
    const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
    if (args[0] !== undefined && typeof args[0] !== 'function') (res.write as (c: unknown, e?: unknown) => boolean)(args[0], typeof args[1] === 'string' ? args[1] : undefined);
    if (mode !== 'once') return end(cb);
    const etag = res.getHeader('etag') as string;
    const body = cache.get(canonicalRequest(req.method, req.url), etag, encoding!, () => Buffer.concat(chunks));
    res.setHeader('content-encoding', encoding!);
    res.setHeader('content-length', body.length);
    // One ETag names one representation: the compressed one is a weak match of it (as nginx does).
    res.setHeader('etag', `W/${etag}`);
    const vary = res.getHeader('vary');
    res.setHeader('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
    writeHead(res.statusCode);
    return end(body, cb);
  }) as End;
}

export function compressionLayer(options: CompressOptions = {}): Layer & { cache: CompressedCache } {
  const cache = new CompressedCache(options.maxCacheBytes ?? 16 * 2 ** 20);
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 2 ** 20;
  const perRequest = compression();
  const layer: Layer = (next) => (req, res) =>
    new Promise<void>((resolve, reject) => {
      // compression patches res first; the once-path patches over it and, for
      // marked responses, hands it bodies that already carry Content-Encoding,
      // which compression passes through untouched.
      perRequest(req as Parameters<typeof perRequest>[0], res as Parameters<typeof perRequest>[1], () => {
        interceptOnce(req, res, cache, maxBodyBytes);
        Promise.resolve(next(req, res)).then(resolve, reject);
      });
    });
  return Object.assign(layer, { cache });
}
