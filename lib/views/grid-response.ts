import 'server-only';
import type { HeaderSource } from '@/lib/k8s/user';
import { fromResponse, toResponse, type FastAnswer } from '@/lib/server/fast-routes';
import { access } from './access';
import { bytesOf, getGridStore, type GridBytes } from './grid';
import { errorResponse } from './respond';

/** If-None-Match uses weak comparison (RFC 9110 §13.1.2): a compressing layer may have weakened our tag. */
function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * The grid in its compact wire format (lib/api/grid-compact.ts), serialised
 * once per version. `?since=VERSION&epoch=EPOCH` asks for a delta from a
 * version the client holds; when the server cannot give one (restarted,
 * too old) it answers with the full payload, which says so by having no `base`.
 * Each serialisation has a strong ETag: a browser revalidates (no-cache) and
 * gets a 304 while nothing changed, and the server's compression layer
 * (server/compress.ts) compresses each tagged body once instead of per request.
 * The route handler takes it as a Response; the server's fast path takes the
 * answer itself (lib/server/fast-routes.ts).
 */
export async function gridResponse(headers: HeaderSource, url: URL): Promise<Response> {
  return toResponse(await gridAnswer(headers, url));
}

export async function gridAnswer(headers: HeaderSource, url: URL): Promise<FastAnswer> {
  const handle = await access(headers);
  if (!handle.ok) return fromResponse(handle.response);
  const store = getGridStore(handle.cache);
  const since = url.searchParams.get('since');
  const epoch = url.searchParams.get('epoch');
  if (since !== null && !/^\d{1,15}$/.test(since)) return fromResponse(errorResponse('bad-request', 'since: expected a grid version (a non-negative integer)'));
  if (epoch !== null && !/^[0-9a-f]{1,32}$/.test(epoch)) return fromResponse(errorResponse('bad-request', 'epoch: expected the epoch of an earlier grid payload'));
  const bytes: GridBytes = (since !== null && epoch !== null ? store.delta(epoch, Number(since)) : undefined) ?? store.payload();
  // private: the grid is read with the signed-in user's rights; no-cache: always revalidated.
  const common = { etag: bytes.etag, 'cache-control': 'private, no-cache', 'x-cni-health-compress': 'once' };
  if (matches(headers.get('if-none-match'), bytes.etag)) return { status: 304, headers: common };
  return { status: 200, headers: { ...common, 'content-type': 'application/json' }, body: bytesOf(bytes) };
}
