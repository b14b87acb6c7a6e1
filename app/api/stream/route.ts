import { access } from '@/lib/views/access';
import { changeStream } from '@/lib/views/live-stream';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events: `change` with the cache version whenever anything the
 * views read has changed. The browser refetches what it shows; the stream
 * itself carries no data, so a slow client cannot make it grow, and one
 * that stops reading is cut (lib/views/live-stream.ts).
 */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
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
