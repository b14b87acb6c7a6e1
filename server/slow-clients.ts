/**
 * Cuts responses whose client stopped reading. A route handler cannot do it
 * itself: once Next's writer waits for 'drain', neither closing nor erroring
 * the body stream reaches the socket. Here the socket is in reach: a
 * streaming response whose writes have stayed backpressured (write() returned
 * false and no 'drain' since) for `stallMs` is destroyed. An EventSource
 * reconnects and refetches, so a slow browser resyncs; a dead one stops
 * holding a connection and its buffers.
 */
import type { ServerResponse } from 'node:http';
import type { Layer } from './pipeline';

export const STALL_MS = 45_000;

export interface SlowClientOptions {
  stallMs?: number;
  /** Which responses are watched; by default streams (text/event-stream). */
  watch?: (res: ServerResponse) => boolean;
  onCut?: (res: ServerResponse) => void;
}

const isStream = (res: ServerResponse): boolean => String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

export function slowClientLayer(options: SlowClientOptions = {}): Layer {
  const stallMs = options.stallMs ?? STALL_MS;
  const watch = options.watch ?? isStream;
  return (next) => (req, res) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const clear = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    res.on('drain', clear);
    res.on('close', clear);
    res.write = ((...args: unknown[]) => {
      const ok = write(...args);
      if (!ok && !timer && watch(res)) {
        timer = setTimeout(() => {
          options.onCut?.(res);
          res.destroy();
        }, stallMs);
        timer.unref?.();
      }
      return ok;
    }) as ServerResponse['write'];
    return next(req, res);
  };
}
