import 'server-only';
import type { Watch } from '@kubernetes/client-node';
import type { ResourceKind } from '@/lib/api/views';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { isGone, isStatus, toKubeError, type KubeError } from './errors';

export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

export interface InformerOptions<T> {
  kind: ResourceKind;
  /** One page of the list; `continueToken` undefined for the first. */
  listPage: (limit: number, continueToken: string | undefined) => Promise<ListPage>;
  watch: Watch;
  watchPath: string;
  /** Extra query parameters for the watch (selectors); must match the list's. */
  watchParams?: Record<string, string>;
  /** Slim projection; returns undefined to drop an object the analysis never needs. */
  project: (raw: unknown) => T | undefined;
  /** The projection's resourceVersion: a relist keeps (and does not re-announce) objects that did not change. */
  versionOf?: (obj: T) => string | undefined;
  pageSize?: number;
  backoff?: BackoffPolicy;
  /** A watch that sends nothing (not even a bookmark) for this long is presumed dead. */
  watchdogMs?: number;
  /** Server-side watch timeout; the server closes the stream and we resume from the last RV. */
  watchTimeoutSeconds?: () => number;
  now?: () => number;
  log?: (msg: string) => void;
}

export type InformerEvent<T> =
  | { type: 'upsert'; key: string; obj: T }
  | { type: 'delete'; key: string; obj: T }
  | { type: 'status' };

export interface InformerStatus {
  kind: ResourceKind;
  synced: boolean;
  lastSyncedAt?: number;
  error?: KubeError;
  resourceVersion?: string;
  count: number;
  lists: number;
  watches: number;
  /** Watch events applied since start (bookmarks excluded). */
  events: number;
  /** How long the first list took, from start() to synced (ms). */
  coldSyncMs?: number;
  /** A list (initial or relist) is in flight. */
  listing: boolean;
}

class WatchEnded extends Error {}

/** `namespace/name`, or `name` for cluster-scoped objects: the cache key. */
export function objectKey(raw: unknown): string | undefined {
  const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | undefined)?.metadata;
  if (typeof meta?.name !== 'string') return undefined;
  return typeof meta.namespace === 'string' && meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/**
 * A supervised list+watch cache for one kind. Lists in pages, watches from the
 * list's resourceVersion, relists on 410, backs off with jitter on errors,
 * restarts a silent watch, and never holds more than one list in flight.
 * resourceVersions are opaque strings: compared only for equality, never as numbers.
 */
export class Informer<T> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<(e: InformerEvent<T>) => void>();
  private readonly opts: Required<Omit<InformerOptions<T>, 'watchParams' | 'log' | 'versionOf'>> & Pick<InformerOptions<T>, 'watchParams' | 'log' | 'versionOf'>;
  private resourceVersion: string | undefined;
  private synced = false;
  private lastSyncedAt: number | undefined;
  private error: KubeError | undefined;
  private stopped = true;
  private abortWatch: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private counters = { lists: 0, watches: 0, events: 0 };
  private startedAt: number | undefined;
  private coldSyncMs: number | undefined;
  private listing = false;
  private running: Promise<void> | undefined;

  constructor(options: InformerOptions<T>) {
    this.opts = {
      pageSize: 500,
      backoff: DEFAULT_BACKOFF,
      watchdogMs: 90_000,
      watchTimeoutSeconds: () => 300 + Math.floor(Math.random() * 300),
      now: Date.now,
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt ??= this.opts.now();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortWatch?.();
    this.wake?.();
    await this.running;
  }

  list(): T[] {
    return [...this.items.values()];
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  get size(): number {
    return this.items.size;
  }

  status(): InformerStatus {
    return {
      kind: this.opts.kind,
      synced: this.synced,
      lastSyncedAt: this.lastSyncedAt,
      error: this.error,
      resourceVersion: this.resourceVersion,
      count: this.items.size,
      ...this.counters,
      coldSyncMs: this.coldSyncMs,
      listing: this.listing,
    };
  }

  subscribe(listener: (e: InformerEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: InformerEvent<T>): void {
    for (const l of this.listeners) l(e);
  }

  private setError(error: KubeError | undefined): void {
    this.error = error;
    this.emit({ type: 'status' });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.relist();
        const started = this.opts.now();
        const sawEvents = await this.watchOnce();
        // A watch the server closes at once, over and over, is a hot loop
        // (client-node #1933); count it as a failure so backoff applies.
        failures = sawEvents || this.opts.now() - started > 5_000 ? 0 : failures + 1;
      } catch (err) {
        if (this.stopped) break;
        const kerr = toKubeError(err);
        if (isGone(kerr)) {
          this.opts.log?.(`${this.opts.kind}: resourceVersion expired, relisting`);
          this.resourceVersion = undefined;
          failures = 0;
          continue;
        }
        failures++;
        this.setError(kerr);
        this.opts.log?.(`${this.opts.kind}: ${kerr.message} (attempt ${failures})`);
      }
      if (failures > 0 && !this.stopped) await this.sleep(backoffDelay(failures, this.opts.backoff));
    }
  }

  private async relist(): Promise<void> {
    this.counters.lists++;
    this.listing = true;
    try {
      await this.listAll();
    } finally {
      this.listing = false;
    }
  }

  private async listAll(): Promise<void> {
    const fresh = new Map<string, T>();
    const changed: string[] = [];
    let rv = '';
    let next: Promise<ListPage> | undefined = this.opts.listPage(this.opts.pageSize, undefined);
    while (next) {
      const page: ListPage = await next;
      // Ask for the next page before projecting this one, so the server
      // serialises while we parse; a page left behind by stop() must not
      // become an unhandled rejection.
      next = page.continueToken && !this.stopped ? this.opts.listPage(this.opts.pageSize, page.continueToken) : undefined;
      next?.catch(() => undefined);
      for (const raw of page.items) {
        const key = objectKey(raw);
        if (!key) continue;
        // An object unchanged since the last list keeps its projection: a
        // relist then holds one copy of the fleet, not two, and announces
        // only what really changed while the watch was down.
        const old = this.items.get(key);
        const rawRv = (raw as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
        const obj = old !== undefined && rawRv && this.opts.versionOf?.(old) === rawRv ? old : this.opts.project(raw);
        if (obj === undefined) continue;
        fresh.set(key, obj);
        if (obj !== old) changed.push(key);
      }
      rv = page.resourceVersion;
      if (this.stopped) return;
    }
    // Swap in the new state and tell subscribers what changed, so deletions
    // that happened while we were disconnected are not lost.
    const gone: Array<[string, T]> = [];
    for (const [key, old] of this.items) if (!fresh.has(key)) gone.push([key, old]);
    this.items.clear();
    for (const [key, obj] of fresh) this.items.set(key, obj);
    for (const [key, old] of gone) this.emit({ type: 'delete', key, obj: old });
    for (const key of changed) this.emit({ type: 'upsert', key, obj: fresh.get(key)! });
    this.resourceVersion = rv;
    this.synced = true;
    this.lastSyncedAt = this.opts.now();
    if (this.coldSyncMs === undefined && this.startedAt !== undefined) this.coldSyncMs = this.lastSyncedAt - this.startedAt;
    this.setError(undefined);
  }

  /** Resolves when the watch ends cleanly (true if it delivered anything); rejects on error. */
  private watchOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let sawEvents = false;
      let settled = false;
      let lastByteAt = this.opts.now();
      let controller: AbortController | undefined;
      const finish = (err: unknown): void => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        this.abortWatch = undefined;
        controller?.abort();
        if (err && !(err instanceof WatchEnded)) reject(err);
        else resolve(sawEvents);
      };
      const watchdog = setInterval(() => {
        if (this.opts.now() - lastByteAt > this.opts.watchdogMs) {
          this.opts.log?.(`${this.opts.kind}: watch silent for ${this.opts.watchdogMs} ms, restarting`);
          finish(new Error(`watch silent for ${Math.round(this.opts.watchdogMs / 1000)} s`));
        }
      }, Math.min(5_000, this.opts.watchdogMs / 3));
      this.abortWatch = () => finish(new WatchEnded());
      this.counters.watches++;
      const params = {
        ...this.opts.watchParams,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.opts.watchTimeoutSeconds(),
      };
      this.opts.watch
        .watch(
          this.opts.watchPath,
          params,
          (type: string, obj: unknown) => {
            lastByteAt = this.opts.now();
            if (settled) return;
            if (type === 'ERROR') {
              finish(isStatus(obj) ? { code: obj.code, body: obj, message: obj.message ?? 'watch error' } : new Error('watch error'));
              return;
            }
            sawEvents = true;
            this.apply(type, obj);
          },
          (err: unknown) => finish(err ?? new WatchEnded()),
        )
        .then((c) => {
          controller = c;
          if (settled) c.abort();
        }, finish);
    });
  }

  private apply(type: string, raw: unknown): void {
    const rv = (raw as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.lastSyncedAt = this.opts.now();
    if (this.error) this.setError(undefined);
    if (type === 'BOOKMARK') return;
    this.counters.events++;
    const key = objectKey(raw);
    if (!key) return;
    const obj = type === 'DELETED' ? undefined : this.opts.project(raw);
    if (obj === undefined) {
      // Deleted, or changed into something the projection drops.
      const old = this.items.get(key);
      if (old !== undefined && this.items.delete(key)) this.emit({ type: 'delete', key, obj: old });
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      this.items.set(key, obj);
      this.emit({ type: 'upsert', key, obj });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
