import 'server-only';

/** Coalesce bursts (a relist emits one change per object) into one message. */
export const THROTTLE_MS = 200;
/**
 * Each stream waits a random extra share of this before telling its client,
 * so a change does not make every open dashboard refetch in the same
 * millisecond (a thundering herd that queues behind itself).
 */
export const SPREAD_MS = 300;
/** Comments keep proxies from closing an idle stream and let the client notice a dead one. */
export const HEARTBEAT_MS = 15_000;
/**
 * A client whose stream has stayed backpressured this long is cut. EventSource
 * reconnects by itself (`retry`) and refetches what it shows, so a cut client
 * resyncs; one that never reads stops holding a connection and its buffers.
 */
export const STALL_CUT_MS = 45_000;

export interface StreamOptions {
  /** Called on every change of the source; returns the unsubscribe function. */
  subscribe: (onChange: () => void) => () => void;
  /** The `change` message's data (the cache version). */
  data: () => string;
  throttleMs?: number;
  spreadMs?: number;
  random?: () => number;
  heartbeatMs?: number;
  stallCutMs?: number;
  now?: () => number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** Counters for /api/metrics and the bench, one set per process. */
export interface StreamStats { open: number; backpressured: number; dropped: number; cut: number }
const KEY = Symbol.for('cni-health.stream-stats');
type Global = typeof globalThis & { [KEY]?: StreamStats };
export function streamStats(): StreamStats {
  return ((globalThis as Global)[KEY] ??= { open: 0, backpressured: 0, dropped: 0, cut: 0 });
}

/**
 * Server-sent events: `change` whenever the source changes. Messages carry
 * no data a client could miss (a version to refetch from), so when the
 * client does not read (the queue is full: desiredSize <= 0) they are
 * dropped, not queued: what one connection holds is bounded by the queue's
 * one chunk, the socket's buffers and Next's writer, which waits for
 * 'drain'. A connection backpressured for stallCutMs is closed.
 */
export function changeStream(opts: StreamOptions): ReadableStream<Uint8Array> {
  const now = opts.now ?? Date.now;
  const stallCutMs = opts.stallCutMs ?? STALL_CUT_MS;
  const stats = streamStats();
  const encoder = new TextEncoder();
  let cleanup = (_cut?: boolean): void => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stalledSince: number | undefined;
      let done = false;
      stats.open++;
      const setStalled = (at: number | undefined): void => {
        if ((stalledSince === undefined) !== (at === undefined)) stats.backpressured += at === undefined ? -1 : 1;
        stalledSince = at;
      };
      const send = (text: string): void => {
        if (done) return;
        if ((controller.desiredSize ?? 1) > 0) {
          setStalled(undefined);
          controller.enqueue(encoder.encode(text));
          return;
        }
        stats.dropped++;
        const t = now();
        if (stalledSince === undefined) setStalled(t);
        else if (t - stalledSince >= stallCutMs) {
          stats.cut++;
          cleanup(true);
        }
      };
      const flush = (): void => {
        timer = undefined;
        send(`event: change\ndata: ${opts.data()}\n\n`);
      };
      const random = opts.random ?? Math.random;
      const unsubscribe = opts.subscribe(() => {
        timer ??= setTimeout(flush, (opts.throttleMs ?? THROTTLE_MS) + random() * (opts.spreadMs ?? SPREAD_MS));
      });
      // Also the stall check of a stream with nothing to say.
      const heartbeat = setInterval(() => send(': ping\n\n'), Math.min(opts.heartbeatMs ?? HEARTBEAT_MS, Math.max(1, stallCutMs / 3)));
      send(`retry: 2000\nevent: change\ndata: ${opts.data()}\n\n`);
      cleanup = (cut = false) => {
        if (done) return;
        done = true;
        setStalled(undefined);
        stats.open--;
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        try {
          // close() would wait for the queue to drain, which a stalled client never
          // does; an AbortError ends the stream now and Next treats it as a client gone.
          // The socket itself is destroyed by server/slow-clients.ts when it is in front.
          if (cut) controller.error(new DOMException('the client stopped reading: stream cut', 'AbortError'));
          else controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      opts.signal?.addEventListener('abort', () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
}
