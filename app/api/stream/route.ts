import { access } from '@/lib/views/access';
import { getGridStore } from '@/lib/views/grid';
import { changeStream } from '@/lib/views/live-stream';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `change` with the cache version whenever anything the
 * views read has changed, and again once the precomputed grid has caught up. The browser refetches what it shows; the stream
 * itself carries no data, so a slow client cannot make it grow, and one
 * that stops reading is cut (lib/views/live-stream.ts).
 */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const { cache } = handle;
  const stream = changeStream({
    subscribe: (onChange) => {
      const fromCache = cache.subscribe(onChange);
      const fromGrid = getGridStore(cache).subscribe(onChange);
      return () => {
        fromCache();
        fromGrid();
      };
    },
    data: () => JSON.stringify({ version: cache.version() }),
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
