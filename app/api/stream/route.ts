import { getClusterCache } from '@/lib/k8s/cache';
import { changeStream } from '@/lib/views/live-stream';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `change` with the cache version whenever anything the
 * views read has changed. The browser refetches what it shows; the stream
 * itself carries no data, so a slow client cannot make it grow, and one
 * that stops reading is cut (lib/views/live-stream.ts).
 */
export function GET(request: Request): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  const { cache } = handle;
  const stream = changeStream({
    subscribe: (onChange) => cache.subscribe(onChange),
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
