import 'server-only';
import { createHash } from 'node:crypto';
import { parseDiffState, type DiffState } from '@/lib/api/diff';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { HeaderSource } from '@/lib/k8s/user';
import { fromResponse, toResponse, type FastAnswer } from '@/lib/server/fast-routes';
import { access } from './access';
import { buildDiffView } from './diff';
import { errorResponse } from './respond';

/** How long one computed diff is served while nothing in the cache changed: its "as of" stays this fresh. */
export const DIFF_MEMO_MS = 5_000;
const MEMO_SIZE = 64;

interface Memo { version: number; at: number; json: string; body: Uint8Array<ArrayBuffer>; etag: string }

/**
 * One incident link is opened by many people at once; each identical diff is
 * computed once per cache version (and at most DIFF_MEMO_MS apart), and its
 * bytes are compressed once (x-cni-health-compress). Keyed per cache, on
 * globalThis like the cache itself, so the route handler and the server's
 * fast path share it.
 */
const KEY = Symbol.for('cni-health.diff-memo');
type Global = typeof globalThis & { [KEY]?: WeakMap<ClusterCache, Map<string, Memo>> };

function memoFor(cache: ClusterCache): Map<string, Memo> {
  const g = globalThis as Global;
  const all = (g[KEY] ??= new WeakMap());
  let memo = all.get(cache);
  if (!memo) all.set(cache, (memo = new Map()));
  return memo;
}

const stateKey = (s: DiffState): string => JSON.stringify([s.target, s.base ?? '', s.targetRev ?? '', s.baseRev ?? '', s.ignore]);

/** The diff as JSON bytes with a strong ETag, from the memo when the cache has not changed since. */
export function diffBytes(cache: ClusterCache, state: DiffState, now: number): { ok: true; json: string; body: Uint8Array<ArrayBuffer>; etag: string } | { ok: false; response: Response } {
  const memo = memoFor(cache);
  const key = stateKey(state);
  const version = cache.version();
  const hit = memo.get(key);
  if (hit && hit.version === version && now - hit.at < DIFF_MEMO_MS) return { ok: true, ...hit };
  const result = buildDiffView(cache, state, now);
  if (!result.ok) return { ok: false, response: errorResponse(result.code, result.error) };
  const json = JSON.stringify(result.view);
  // The tag names these bytes (a content hash): two diffs made in the same
  // millisecond once shared a time-based tag, and the compression cache,
  // keyed by it, served one pair's bytes for another.
  const etag = `"d-${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`;
  const entry: Memo = { version, at: now, json, body: new TextEncoder().encode(json), etag };
  memo.delete(key);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(key, entry);
  return { ok: true, ...entry };
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
