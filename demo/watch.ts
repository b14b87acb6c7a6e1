/**
 * Watch streams: 200, chunked, one JSON event per line, flushed per event.
 * Semantics follow the API server's watch cache (staging/src/k8s.io/apiserver
 * /pkg/storage/cacher): resume from a resourceVersion by replaying the change
 * log; 410 as an ERROR event when that RV is compacted away; an object that
 * stops matching the selectors arrives as DELETED (its previous content with
 * the new RV); bookmarks carry only the RV, and come only when and as the
 * watch cache sends them (demo/watch-cache.ts); `timeoutSeconds` ends the stream,
 * and without it the server ends it after 30 to 60 minutes.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
 */
import type { ServerResponse } from 'node:http';
import type { FaultInjector } from './faults';
import { apiVersionOf, KINDS } from './kinds';
import { boolParam, intParam, selects, type Selection } from './query';
import { ApiError, badRequest, status, tooOldResourceVersion, type Status } from './status';
import type { Change, ObjectStore } from './store';
import { tableRow, toTable, type IncludeObject } from './table';
import type { KubeObject, Resource } from './types';
import { BOOKMARK_FREQUENCY_MS, bookmarkPasses, hasWatchCache, nextBookmarkAt, PROGRESS_NOTIFY_MS, WatchCacheClock } from './watch-cache';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchOptions {
  /** How often a watcher is due a bookmark; default a minute, as the cacher's defaultBookmarkFrequency. */
  bookmarkMs?: number;
  /** etcd's progress-notify interval; default 10 minutes, as etcd's (kubeadm sets 5 s); 0 for none. */
  progressNotifyMs?: number;
  now: () => number;
  /** Injected faults (demo/faults.ts): watches answered 410, or a frozen server. */
  faults?: FaultInjector;
  /** Jitter source (bookmark timing, the default watch timeout). */
  random?: () => number;
}

/** One open stream, as the hub's fault switches need to reach it. */
interface OpenStream {
  resource: string;
  /** It dropped events or missed its end while the server was frozen: once thawed it must end. */
  muted: boolean;
  send(type: WatchEventType, object: Status): void;
  res: ServerResponse;
}

export interface TableMode { apiVersion: string; include: IncludeObject }

/** Translates a stored change into what a watch with these selectors sees, if anything. */
export function watchEventFor(sel: Selection, change: Change): { type: WatchEventType; object: KubeObject } | undefined {
  const was = change.prev !== undefined && selects(sel, change.prev);
  const is = change.type !== 'DELETED' && selects(sel, change.object);
  if (change.type === 'DELETED') return was ? { type: 'DELETED', object: change.object } : undefined;
  if (is) return { type: was ? 'MODIFIED' : 'ADDED', object: change.object };
  if (was && change.prev) {
    const gone = structuredClone(change.prev);
    gone.metadata.resourceVersion = String(change.rv);
    return { type: 'DELETED', object: gone };
  }
  return undefined;
}

export class WatchHub {
  private readonly open = new Map<() => void, OpenStream>();
  private readonly cache: WatchCacheClock;
  private readonly bookmarkMs: number;
  private readonly random: () => number;

  constructor(private readonly store: ObjectStore, private readonly opts: WatchOptions) {
    this.bookmarkMs = opts.bookmarkMs ?? BOOKMARK_FREQUENCY_MS;
    this.random = opts.random ?? Math.random;
    this.cache = new WatchCacheClock(store, Object.keys(KINDS) as Resource[], opts.progressNotifyMs ?? PROGRESS_NOTIFY_MS);
  }

  dispose(): void {
    this.cache.dispose();
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Ends every open stream, as an API server restart or a load balancer would. */
  closeAll(resource?: string): void {
    for (const [close, s] of [...this.open]) if (resource === undefined || s.resource === resource) close();
  }

  /** Ends open streams (of one resource, or all) with an ERROR 410, as a watch cache that has moved past them does. */
  expire(resource?: string): void {
    for (const [close, s] of [...this.open]) {
      if (resource !== undefined && s.resource !== resource) continue;
      s.send('ERROR', status(410, 'Expired', 'The resourceVersion for the provided watch is too old.'));
      close();
    }
  }

  /** Cuts every open stream's connection, as a crashed server or a reset from a load balancer does. */
  resetAll(): void {
    for (const [close, s] of [...this.open]) {
      close();
      s.res.destroy();
    }
  }

  /** Ends the streams that lost events or their end to a freeze: once thawed, clients reconnect and resume. */
  endMuted(): void {
    for (const [close, s] of [...this.open]) if (s.muted) close();
  }

  serve(res: ServerResponse, sel: Selection, query: URLSearchParams, table?: TableMode): void {
    const rvParam = query.get('resourceVersion') ?? '';
    const bookmarks = boolParam(query, 'allowWatchBookmarks');
    const sendInitial = query.get('sendInitialEvents');
    const timeoutSeconds = intParam(query, 'timeoutSeconds');
    if (sendInitial === 'true' && (!bookmarks || query.get('resourceVersionMatch') !== 'NotOlderThan')) {
      throw badRequest('sendInitialEvents: Forbidden: sendInitialEvents requires setting allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan');
    }
    if (rvParam !== '' && !/^\d+$/.test(rvParam)) throw badRequest(`resourceVersion: Invalid value: "${rvParam}": must be a valid resource version`);
    const fromRv = rvParam === '' || rvParam === '0' || sendInitial === 'true' ? undefined : Number(rvParam);
    if (fromRv !== undefined && fromRv > this.store.currentRv()) {
      throw new ApiError(status(504, 'Timeout', `Timeout: Too large resource version: ${fromRv}, current: ${this.store.currentRv()}`,
        { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] }));
    }

    res.writeHead(200, { 'Content-Type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const resource = sel.kind.resource;
    let first = true;
    const faults = this.opts.faults;
    const stream: OpenStream = { resource, muted: false, res, send: (type, object) => send(type, object) };
    const send = (type: WatchEventType, object: KubeObject | Status | Record<string, unknown>): void => {
      if (res.writableEnded || res.destroyed) return;
      if (faults?.isFrozen()) {
        // A stopped server writes nothing; its kernel still ACKs, so TCP keepalive sees a healthy peer.
        stream.muted = true;
        return;
      }
      let body: unknown = object;
      if (table && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
        // Only the first event of a table watch carries the column definitions.
        body = first
          ? toTable(resource, [object as KubeObject], { now: this.opts.now(), include: table.include, apiVersion: table.apiVersion, withColumns: true, metadata: {} })
          : { kind: 'Table', apiVersion: table.apiVersion, metadata: {}, columnDefinitions: null, rows: [tableRow(resource, object as KubeObject, this.opts.now(), table.include, table.apiVersion)] };
        first = false;
      }
      res.write(`${JSON.stringify({ type, object: body })}\n`);
    };

    const injected = faults?.watch(resource);
    if (injected === 'gone') {
      send('ERROR', status(410, 'Expired', 'The resourceVersion for the provided watch is too old.'));
      res.end();
      return;
    }
    const replay = fromRv === undefined ? undefined : this.store.changesSince(resource, fromRv);
    if (fromRv !== undefined && !replay) {
      send('ERROR', tooOldResourceVersion(String(fromRv), String(this.store.oldestRv() + 1)));
      res.end();
      return;
    }

    const timers: NodeJS.Timeout[] = [];
    const subscription = { off: (): void => undefined };
    const close = (): void => {
      if (!this.open.delete(close)) return;
      subscription.off();
      timers.forEach(clearTimeout);
      if (!res.writableEnded) res.end();
    };
    this.open.set(close, stream);
    const cached = hasWatchCache(resource as Resource);
    // A consistent start (sendInitialEvents) or an RV the cache has not reached: the cacher asks etcd for progress first.
    if (cached) this.cache.requestProgress(resource as Resource, sendInitial === 'true' ? this.store.currentRv() : fromRv ?? 0);
    let startRv = fromRv ?? this.cache.resourceVersion(resource as Resource) ?? this.store.currentRv();
    subscription.off = this.store.subscribe(resource, (change) => {
      const ev = watchEventFor(sel, change);
      if (ev) send(ev.type, ev.object);
    });
    // The response's 'close' covers both a client going away and our own end().
    res.on('close', close);

    if (replay) {
      for (const change of replay) {
        const ev = watchEventFor(sel, change);
        if (ev) send(ev.type, ev.object);
        startRv = Math.max(startRv, change.rv);
      }
    } else {
      for (const obj of this.store.list(resource)) {
        if (selects(sel, obj)) send('ADDED', obj);
        startRv = Math.max(startRv, Number(obj.metadata.resourceVersion));
      }
      if (sendInitial === 'true') send('BOOKMARK', this.bookmark(sel, String(startRv), { 'k8s.io/initial-events-end': 'true' }));
    }

    // The handler's timeout (endpoints/handlers/get.go): timeoutSeconds, or when absent or 0
    // a randomised --min-request-timeout (1800 s times 1 to 2).
    const timeoutMs = timeoutSeconds ? timeoutSeconds * 1000 : 1800_000 * (1 + this.random());
    const deadline = this.opts.now() + timeoutMs;
    timers.push(setTimeout(() => {
      // A frozen server ends nothing either: the stream ends once it is thawed.
      if (faults?.isFrozen()) stream.muted = true;
      else close();
    }, timeoutMs));
    if (bookmarks && cached) this.scheduleBookmarks(sel, deadline, () => startRv, send, timers);
  }

  /** cacher.go's bookmark timer for one watcher: due every bookmarkMs and just before the deadline, sent only past the start RV. */
  private scheduleBookmarks(sel: Selection, deadline: number, startRv: () => number, send: (t: WatchEventType, o: Record<string, unknown>) => void, timers: NodeJS.Timeout[]): void {
    const resource = sel.kind.resource as Resource;
    // The dispatcher's tick (1 s, jittered 25 %) delays a due bookmark by up to 1.25 s; scaled down with a faster cadence.
    const jitterMs = Math.min(1_250, this.bookmarkMs / 48);
    // `after`: the due time just served, so the pre-deadline bookmark is never due twice.
    const arm = (after: number): void => {
      const now = this.opts.now();
      const due = nextBookmarkAt(Math.max(now, after + 1), deadline, this.bookmarkMs);
      if (due === undefined) return;
      timers.push(setTimeout(() => fire(due), Math.max(0, due - now) + this.random() * jitterMs));
    };
    const fire = (due: number): void => {
      const rv = this.cache.resourceVersion(resource);
      if (rv !== undefined && bookmarkPasses(rv, startRv())) send('BOOKMARK', this.bookmark(sel, String(rv)));
      arm(due);
    };
    arm(-Infinity);
  }

  /** A bookmark is an object of the watched kind holding nothing but a resourceVersion. */
  private bookmark(sel: Selection, resourceVersion: string, annotations?: Record<string, string>): Record<string, unknown> {
    const metadata = { resourceVersion, ...(annotations ? { annotations } : {}) };
    return { kind: sel.kind.kind, apiVersion: apiVersionOf(sel.kind), metadata };
  }
}
