import 'server-only';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseDiffState, type DiffState } from '@/lib/api/diff';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { HeaderSource } from '@/lib/k8s/user';
import { fromResponse, toResponse, type FastAnswer } from '@/lib/server/fast-routes';
import { access } from './access';
import { buildDiffView } from './diff';
import { errorResponse } from './respond';

/** How long one computed diff is served while nothing in the cache changed: its "as of" stays this fresh. */
export const DIFF_MEMO_MS = 5_000;
const MEMO_ENTRIES = 64;
/**
 * Bytes of diff bodies one cache's memo may hold. A diff view of hostile
 * snapshots shows up to 1,048,576 characters of text, about 1.5 MiB of JSON
 * with its line records (docs/snapshot-format.md, "Limits on read"); 64 of
 * them, each once kept as its JSON string and its bytes, could pin ~190 MB,
 * a fifth of the deployment's 1 GiB heap ceiling (docs/performance.md). 24 MiB still keeps 16 of the largest views (an
 * incident's links) and all 64 of the usual ones (tens of KiB).
 */
export const DIFF_MEMO_MAX_BYTES = 24 * 1024 * 1024;

/** Only the encoded body is kept: every caller sends bytes, so the JSON string would be a second copy. */
interface Memo { version: number; at: number; body: Uint8Array<ArrayBuffer>; etag: string }

/**
 * One incident link is opened by many people at once; each identical diff is
 * computed once per cache version (and at most DIFF_MEMO_MS apart), and its
 * bytes are compressed once (x-cni-health-compress). Keyed per cache, on
 * globalThis like the cache itself, so the route handler and the server's
 * fast path share it. Least recently used entries go first, by count and by
 * bytes.
 */
const KEY = Symbol.for('cni-health.diff-memo');
type Global = typeof globalThis & { [KEY]?: WeakMap<ClusterCache, LRUCache<string, Memo>> };

function memoFor(cache: ClusterCache): LRUCache<string, Memo> {
  const g = globalThis as Global;
  const all = (g[KEY] ??= new WeakMap());
  let memo = all.get(cache);
  if (!memo) {
    memo = new LRUCache<string, Memo>({ max: MEMO_ENTRIES, maxSize: DIFF_MEMO_MAX_BYTES, sizeCalculation: (m) => Math.max(1, m.body.byteLength) });
    all.set(cache, memo);
  }
  return memo;
}

/** What one cache's memo holds now: entries and the body bytes it accounts for. */
export function diffMemoStats(cache: ClusterCache): { readonly entries: number; readonly bytes: number; readonly maxBytes: number } {
  const memo = memoFor(cache);
  return { entries: memo.size, bytes: memo.calculatedSize, maxBytes: DIFF_MEMO_MAX_BYTES };
}

const stateKey = (s: DiffState): string => JSON.stringify([s.target, s.base ?? '', s.targetRev ?? '', s.baseRev ?? '', s.ignore]);

/** The diff as JSON bytes with a strong ETag, from the memo when the cache has not changed since. */
export function diffBytes(cache: ClusterCache, state: DiffState, now: number): { ok: true; body: Uint8Array<ArrayBuffer>; etag: string } | { ok: false; response: Response } {
  const memo = memoFor(cache);
  const key = stateKey(state);
  const version = cache.version();
  const hit = memo.get(key);
  if (hit && hit.version === version && now - hit.at < DIFF_MEMO_MS) return { ok: true, body: hit.body, etag: hit.etag };
  const result = buildDiffView(cache, state, now);
  if (!result.ok) return { ok: false, response: errorResponse(result.code, result.error) };
  const json = JSON.stringify(result.view);
  // The tag names these bytes (a content hash): two diffs made in the same
  // millisecond once shared a time-based tag, and the compression cache,
  // keyed by it, served one pair's bytes for another.
  const etag = `"d-${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`;
  const entry: Memo = { version, at: now, body: new TextEncoder().encode(json), etag };
  memo.set(key, entry);
  return { ok: true, body: entry.body, etag: entry.etag };
}

/**
 * GET /api/diff?target=B[&base=A][&baseRev=N][&targetRev=M][&ignore=0]:
 * two nodes' CNI configs compared, from the cache; revisions pinned when
 * given. The route handler takes it as a Response, the server's fast path
 * as the answer itself.
 */
export async function diffResponse(headers: HeaderSource, url: URL): Promise<Response> {
  return toResponse(await diffAnswer(headers, url));
}

export async function diffAnswer(headers: HeaderSource, url: URL): Promise<FastAnswer> {
  const parsed = parseDiffState(url.searchParams);
  if (!parsed.ok) return fromResponse(errorResponse('bad-request', parsed.error));
  const handle = await access(headers);
  if (!handle.ok) return fromResponse(handle.response);
  const bytes = diffBytes(handle.cache, parsed.state, Date.now());
  if (!bytes.ok) return fromResponse(bytes.response);
  const common = { etag: bytes.etag, 'cache-control': 'private, no-cache', 'x-cni-health-compress': 'once' };
  if (headers.get('if-none-match')?.replace(/^W\//, '') === bytes.etag) return { status: 304, headers: common };
  return { status: 200, headers: { ...common, 'content-type': 'application/json' }, body: bytes.body };
}
