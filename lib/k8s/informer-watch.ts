import 'server-only';
import type { Watch } from '@kubernetes/client-node';
import { isStatus } from './errors';

export interface WatchRequest {
  watch: Watch;
  path: string;
  params: Record<string, string | number | boolean | undefined>;
  /**
   * The server ends every watch at its timeout (the timeoutSeconds we asked
   * for); a stream still open this long after it started is a dead connection.
   */
  deadlineMs: number;
  /** Every event but ERROR (which ends the watch), bookmarks included. */
  onEvent: (type: string, obj: unknown) => void;
  /** The server answered 200: the stream is established. */
  onOpen?: () => void;
}

export interface WatchHandle {
  /** Resolves when the watch ends cleanly (true if it delivered anything); rejects on error. */
  ended: Promise<boolean>;
  /** Ends it from our side: cleanly, or (given a reason) as a lost connection, so `ended` rejects with it. */
  abort(lost?: Error): void;
}

/**
 * Watch timeouts we ask for, as client-go's reflector does (reflector.go:
 * minWatchTimeout 5 min, times 1 to 2) but longer: 30 to 60 minutes, the
 * server's own default (--min-request-timeout 1800 s, times 1 to 2), so a
 * quiet cluster sees no watch rotation for half an hour. Rotation is cheap
 * (the watch resumes from its resourceVersion) except for events: they have
 * no watch cache, so after etcd's compaction (every 5 minutes) a quiet events
 * watch cannot resume from its old resourceVersion and must relist (410);
 * that watch rotates every 1 to 2 hours.
 */
export const WATCH_TIMEOUT_SECONDS = (random: () => number = Math.random): number => 1_800 + Math.floor(random() * 1_800);
export const EVENTS_WATCH_TIMEOUT_SECONDS = (random: () => number = Math.random): number => 3_600 + Math.floor(random() * 3_600);

class WatchEnded extends Error {}

/**
 * One watch request. Silence is normal: a real API server sends bookmarks
 * only from its watch cache, about once a minute and only after the kind's
 * resourceVersion moved, and none at all for events (docs/demo-cluster.md).
 * So silence proves nothing; what does is the server's own timeout: it ends
 * every watch at `timeoutSeconds`, and a stream open well past that is dead.
 * Faster, per server rather than per stream, the liveness probe
 * (lib/k8s/liveness.ts) ends every watch as lost when the server stops
 * answering; client-node's TCP keepalive (30 s idle) catches a connection a
 * NAT dropped, after the kernel's probes (Linux: 9 × 75 s).
 */
export function startWatch(req: WatchRequest): WatchHandle {
  let abort: (lost?: Error) => void = () => undefined;
  const ended = new Promise<boolean>((resolve, reject) => {
    let sawEvents = false;
    let settled = false;
    let controller: AbortController | undefined;
    const finish = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      controller?.abort();
      if (err && !(err instanceof WatchEnded)) reject(err);
      else resolve(sawEvents);
    };
    const deadline = setTimeout(() => {
      finish(new Error(`the watch outlived the ${req.params.timeoutSeconds} s timeout the API server ends it at: the connection is presumed dead`));
    }, req.deadlineMs);
    abort = (lost) => finish(lost ?? new WatchEnded());
    req.watch
      .watch(
        req.path,
        req.params,
        (type: string, obj: unknown) => {
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
        // client-node reports a non-200 answer through `done` before it resolves: still open means 200.
        if (settled) c.abort();
        else req.onOpen?.();
      }, finish);
  });
  return { ended, abort: (lost) => abort(lost) };
}
