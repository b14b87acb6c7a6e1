import 'server-only';
import type { Watch } from '@kubernetes/client-node';
import { isStatus } from './errors';

export interface WatchRequest {
  watch: Watch;
  path: string;
  params: Record<string, string | number | boolean | undefined>;
  watchdogMs: number;
  now: () => number;
  /** Every event but ERROR (which ends the watch), bookmarks included. */
  onEvent: (type: string, obj: unknown) => void;
  /** Told when the watchdog gives up on a silent stream. */
  onSilent?: (ms: number) => void;
}

export interface WatchHandle {
  /** Resolves when the watch ends cleanly (true if it delivered anything); rejects on error. */
  ended: Promise<boolean>;
  /** Ends it from our side; `ended` then resolves. */
  abort(): void;
}

class WatchEnded extends Error {}

/**
 * One watch request. client-node's Watch reports the end of a stream through
 * `done` but cannot tell a healthy idle stream from a dead one (client-node
 * #596): a connection a NAT or load balancer dropped without a FIN stays
 * "open" forever. Bookmarks make a healthy stream talk, so silence longer
 * than `watchdogMs` means dead, and it is ended as an error.
 */
export function startWatch(req: WatchRequest): WatchHandle {
  let abort: () => void = () => undefined;
  const ended = new Promise<boolean>((resolve, reject) => {
    let sawEvents = false;
    let settled = false;
    let lastByteAt = req.now();
    let controller: AbortController | undefined;
    const finish = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      controller?.abort();
      if (err && !(err instanceof WatchEnded)) reject(err);
      else resolve(sawEvents);
    };
    const watchdog = setInterval(() => {
      if (req.now() - lastByteAt > req.watchdogMs) {
        req.onSilent?.(req.watchdogMs);
        finish(new Error(`watch silent for ${Math.round(req.watchdogMs / 1000)} s`));
      }
    }, Math.min(5_000, req.watchdogMs / 3));
    abort = () => finish(new WatchEnded());
    req.watch
      .watch(
        req.path,
        req.params,
        (type: string, obj: unknown) => {
          lastByteAt = req.now();
          if (settled) return;
          if (type === 'ERROR') {
            finish(isStatus(obj) ? { code: obj.code, body: obj, message: obj.message ?? 'watch error' } : new Error('watch error'));
            return;
          }
          sawEvents = true;
          req.onEvent(type, obj);
        },
        (err: unknown) => finish(err ?? new WatchEnded()),
      )
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      }, finish);
  });
  return { ended, abort: () => abort() };
}
