import { getGridStore, type GridBytes } from '@/lib/views/grid';
import { errorResponse } from '@/lib/views/respond';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

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
 * gets a 304 while nothing changed, and a compressing layer in front of Next
 * (server/compress.ts) compresses each tagged body once instead of per request.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const store = getGridStore(handle.cache);
  const url = new URL(request.url);
  const since = url.searchParams.get('since');
  const epoch = url.searchParams.get('epoch');
  if (since !== null && !/^\d{1,15}$/.test(since)) return errorResponse('bad-request', 'since: expected a grid version (a non-negative integer)');
  if (epoch !== null && !/^[0-9a-f]{1,32}$/.test(epoch)) return errorResponse('bad-request', 'epoch: expected the epoch of an earlier grid payload');
  const bytes: GridBytes = (since !== null && epoch !== null ? store.delta(epoch, Number(since)) : undefined) ?? store.payload();
  // private: the grid is read with the signed-in user's rights; no-cache: always revalidated.
  const headers = { etag: bytes.etag, 'cache-control': 'private, no-cache', 'x-cni-health-compress': 'once' };
  if (matches(request.headers.get('if-none-match'), bytes.etag)) return new Response(null, { status: 304, headers });
  // Next's server compresses the response itself (and would gzip a pre-gzipped body a second time).
  return new Response(bytes.json, { headers: { ...headers, 'content-type': 'application/json' } });
}
