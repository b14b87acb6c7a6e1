import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** Coalesce bursts (a relist emits one change per object) into one message. */
const THROTTLE_MS = 200;
/** Comments keep proxies from closing an idle stream and let the client notice a dead one. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: `change` with the cache version whenever anything the
 * views read has changed. The browser refetches what it shows; the stream
 * itself carries no data, so a slow client cannot make it grow.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const { cache } = handle;
  const encoder = new TextEncoder();
  let cleanup = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const send = (text: string): void => {
        // desiredSize below zero: the client is not reading. Messages are
        // idempotent "something changed" pings, so dropping one loses nothing.
        if ((controller.desiredSize ?? 1) <= 0) return;
        controller.enqueue(encoder.encode(text));
      };
      const flush = (): void => {
        timer = undefined;
        send(`event: change\ndata: ${JSON.stringify({ version: cache.version() })}\n\n`);
      };
      const unsubscribe = cache.subscribe(() => {
        timer ??= setTimeout(flush, THROTTLE_MS);
      });
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      send(`retry: 2000\nevent: change\ndata: ${JSON.stringify({ version: cache.version() })}\n\n`);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      request.signal.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
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
