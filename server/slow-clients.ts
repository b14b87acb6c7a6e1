/**
 * Cuts responses whose client stopped reading. A route handler cannot do it
 * itself: once Next's writer waits for 'drain', neither closing nor erroring
 * the body stream reaches the socket. Here the socket is in reach:
 * - a response written in chunks (the live stream, a streamed page) whose
 *   writes have stayed backpressured (write() returned false and no 'drain'
 *   since) for `stallMs` is destroyed;
 * - a response handed over whole (res.end(body): the grid, a diff, a page
 *   from the fast path or the compression cache) that the client has not
 *   taken within `stallMs` plus the time its buffered bytes need at
 *   `minBytesPerSecond` is destroyed; finishing a chunk of it moves the
 *   deadline on.
 * An EventSource reconnects and refetches, so a slow browser resyncs; a dead
 * one stops holding a connection and its buffers.
 */
import type { ServerResponse } from 'node:http';
import type { Layer } from './pipeline';

export const STALL_MS = 45_000;
/** The slowest reader a large response waits for: about a poor mobile link. */
export const MIN_BYTES_PER_SECOND = 32 * 1024;

export interface SlowClientOptions {
  stallMs?: number;
  minBytesPerSecond?: number;
  /** Which responses are watched; by default all. */
  watch?: (res: ServerResponse) => boolean;
  onCut?: (res: ServerResponse) => void;
}

const pending = (res: ServerResponse): number => Math.max(res.writableLength, res.socket?.writableLength ?? 0);

export function slowClientLayer(options: SlowClientOptions = {}): Layer {
  const stallMs = options.stallMs ?? STALL_MS;
  const rate = options.minBytesPerSecond ?? MIN_BYTES_PER_SECOND;
  const watch = options.watch ?? (() => true);
  return (next) => (req, res) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const clear = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const cut = (): void => {
      timer = undefined;
      if (res.writableFinished || res.destroyed) return;
      options.onCut?.(res);
      res.destroy();
    };
    // After end(): the rest must be taken by a deadline; a finished chunk re-arms it for what is left.
    const awaitFinish = (): void => {
      if (res.writableFinished || res.destroyed || !watch(res)) return;
      const left = pending(res);
      timer = setTimeout(() => {
        if (!res.writableFinished && !res.destroyed && pending(res) < left) return awaitFinish();
        cut();
      }, stallMs + Math.ceil((left / rate) * 1000));
      timer.unref?.();
    };
    // A stall timer that fires far past its time means this process was not
    // running (a GC pause, a starved CPU), so the client had no chance to read
    // either: it gets one more period before it is judged stalled.
    const armStall = (): void => {
      const armedAt = performance.now();
      let retried = false;
      const fire = (): void => {
        if (!retried && performance.now() - armedAt > stallMs * 1.5) {
          retried = true;
          timer = setTimeout(fire, stallMs);
          timer.unref?.();
          return;
        }
        cut();
      };
      timer = setTimeout(fire, stallMs);
      timer.unref?.();
    };
    let ended = false;
    res.on('drain', () => {
      if (!ended) clear();
    });
    res.on('finish', clear);
    res.on('close', clear);
    res.write = ((...args: unknown[]) => {
      const ok = write(...args);
      if (!ok && !timer && !ended && watch(res)) armStall();
      return ok;
    }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      const out = end(...args);
      ended = true;
      clear();
      awaitFinish();
      return out;
    }) as ServerResponse['end'];
    return next(req, res);
  };
}
