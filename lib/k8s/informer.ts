import 'server-only';
import { accessVerdict, DEFAULT_ACCESS_LOSS, recordDenial, type DenialEpisode } from './access-loss';
import { DEFAULT_BACKOFF, retryDelay } from './backoff';
import { isForbidden, isGone, toKubeError, type KubeError } from './errors';
import { listAll } from './informer-list';
import { objectKey, type InformerEvent, type InformerOptions, type InformerStatus, type ListPage } from './informer-types';
import { startWatch, WATCH_TIMEOUT_SECONDS } from './informer-watch';
import { KindStore } from './kind-store';

export { objectKey };
export type { InformerEvent, InformerOptions, InformerStatus, ListPage } from './informer-types';

type Optional = 'watchParams' | 'log' | 'versionOf' | 'reviewAccess';
type Settings<T> = Required<Omit<InformerOptions<T>, Optional>> & Pick<InformerOptions<T>, Optional>;

/** A watch this long-lived was healthy, however it ended: no backoff before the next. */
const HEALTHY_WATCH_MS = 5_000;

/**
 * A supervised list+watch cache for one kind. Lists in pages, watches from the
 * list's resourceVersion, relists on 410, backs off with jitter on errors
 * (longer when a 429 says how long), and never holds more than one list in
 * flight: one loop, one request at a time. A quiet watch is not a dead one:
 * the cache's liveness probe (lib/k8s/liveness.ts) says when the connection
 * is lost (connectionLost) and when the server answers again (connectionAlive);
 * a lost watch resumes from its resourceVersion, with no relist unless the
 * server answers 410. resourceVersions are opaque strings: compared only for
 * equality, never as numbers.
 */
export class Informer<T> {
  private readonly store = new KindStore<T>();
  private readonly opts: Settings<T>;
  private resourceVersion: string | undefined;
  private synced = false;
  private lastSyncedAt: number | undefined;
  private error: KubeError | undefined;
  private forbidden = false;
  private denial: DenialEpisode | undefined;
  private failures = 0;
  private retryAt: number | undefined;
  private stopped = true;
  private abortWatch: ((lost?: Error) => void) | undefined;
  private wake: (() => void) | undefined;
  private counters = { lists: 0, watches: 0, events: 0 };
  private startedAt: number | undefined;
  private coldSyncMs: number | undefined;
  private listing = false;
  private running: Promise<void> = Promise.resolve();
  /** The current watch answered 200 and has not ended: what a liveness confirmation vouches for. */
  private watchOpen = false;
  private abortList: AbortController | undefined;
  /** The last error was the connection's (no HTTP status): a live server again means retry now, not after the backoff. */
  private transportError = false;
  /** The liveness probe says the server does not answer: no attempt until it does. */
  private serverLost = false;

  constructor(options: InformerOptions<T>) {
    this.opts = {
      pageSize: 500,
      backoff: DEFAULT_BACKOFF,
      watchTimeoutSeconds: () => WATCH_TIMEOUT_SECONDS(),
      watchGraceMs: 60_000,
      now: Date.now,
      random: Math.random,
      accessLoss: DEFAULT_ACCESS_LOSS,
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt ??= this.opts.now();
    // A loop still unwinding from stop() finishes first: never two loops, never two lists.
    this.running = this.running.catch(() => undefined).then(() => this.loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abortWatch?.();
    this.abortList?.abort();
    this.wake?.();
    await this.running;
  }

  /**
   * The API server stopped answering (the liveness probe): end the watch and
   * any list in flight as lost connections, and send nothing more until it
   * answers again (a request to a stopped server hangs, and client-node's
   * watch cannot be cancelled before the server answers). Then the watch
   * resumes from its resourceVersion.
   */
  connectionLost(reason: string): void {
    if (this.stopped) return;
    this.serverLost = true;
    const lost = new Error(reason);
    this.abortWatch?.(lost);
    this.abortList?.abort(lost);
  }

  /**
   * The API server answered the liveness probe at `at`. An open watch with
   * nothing wrong is as fresh as that answer (silence on it is normal); a kind
   * waiting out a backoff after a lost connection tries again now.
   */
  connectionAlive(at: number): void {
    if (this.stopped) return;
    const wasLost = this.serverLost;
    this.serverLost = false;
    if (this.watchOpen && !this.error) {
      this.lastSyncedAt = at;
      return;
    }
    if (wasLost || this.transportError) this.wake?.();
  }

  list(): T[] {
    return this.store.list();
  }

  /** Cache keys with their objects (tests compare them with a fresh list). */
  entries(): Array<[string, T]> {
    return this.store.entries();
  }

  get(key: string): T | undefined {
    return this.store.get(key);
  }

  get size(): number {
    return this.store.size;
  }

  status(): InformerStatus {
    return {
      kind: this.opts.kind,
      synced: this.synced,
      lastSyncedAt: this.lastSyncedAt,
      error: this.error,
      forbidden: this.forbidden,
      failures: this.failures,
      retryAt: this.retryAt,
      resourceVersion: this.resourceVersion,
      count: this.store.size,
      ...this.counters,
      coldSyncMs: this.coldSyncMs,
      listing: this.listing,
    };
  }

  subscribe(listener: (e: InformerEvent<T>) => void): () => void {
    return this.store.subscribe(listener);
  }

  private emit(e: InformerEvent<T>): void {
    this.store.emit(e);
  }

  private setError(error: KubeError | undefined): void {
    this.error = error;
    if (!error) this.denial = undefined;
    this.transportError = error !== undefined && error.code === undefined;
    this.emit({ type: 'status' });
  }

  private async loop(): Promise<void> {
    // Consecutive 410s: the first relists at once (the normal cure), repeats back off
    // so a server that keeps expiring us (continue tokens under heavy churn) is not hammered.
    let gone = 0;
    while (!this.stopped) {
      let delay = 0;
      try {
        if (this.resourceVersion === undefined) await this.relist();
        const started = this.opts.now();
        const prior = this.failures;
        const sawEvents = await this.watchOnce();
        // A watch the server closes at once, over and over, is a hot loop
        // (client-node #1933); count it as a failure so backoff applies
        // (from the count before it opened: opening reset it).
        this.failures = sawEvents || this.opts.now() - started > HEALTHY_WATCH_MS ? 0 : prior + 1;
        if (sawEvents) gone = 0;
        if (this.failures > 0) delay = retryDelay(this.failures, this.opts.backoff, undefined, this.opts.random);
      } catch (err) {
        if (this.stopped) break;
        const kerr = toKubeError(err);
        if (isGone(kerr)) {
          this.opts.log?.(`${this.opts.kind}: ${kerr.message.slice(0, 80)} (410), relisting`);
          this.resourceVersion = undefined;
          this.failures = 0;
          gone++;
          if (gone > 1) delay = retryDelay(gone - 1, this.opts.backoff, undefined, this.opts.random);
        } else {
          this.failures++;
          if (isForbidden(kerr)) await this.denied();
          this.setError(kerr);
          delay = retryDelay(this.failures, this.opts.backoff, kerr.retryAfterSeconds, this.opts.random);
          this.opts.log?.(`${this.opts.kind}: ${kerr.message} (attempt ${this.failures}, next in ${delay} ms)`);
        }
      }
      if (delay > 0 && !this.stopped) await this.sleep(delay);
      if (this.serverLost && !this.stopped) await this.sleep(undefined);
    }
  }

  /** 403: keep the last data (stale) unless access is really lost (lib/k8s/access-loss.ts). */
  private async denied(): Promise<void> {
    const review = this.opts.reviewAccess ? await this.opts.reviewAccess().catch(() => 'unknown' as const) : 'unknown';
    this.denial = recordDenial(this.denial, this.opts.now(), review);
    const verdict = accessVerdict(this.denial, this.opts.now(), this.opts.accessLoss);
    this.opts.log?.(`${this.opts.kind}: ${verdict.why}${verdict.lost ? '; access lost, dropping its objects' : ''}`);
    if (verdict.lost && !this.stopped) this.hide();
  }

  /**
   * Access lost: RBAC no longer lets the server's credentials read this kind. Drop
   * what we hold rather than keep serving it to every browser (the revocation
   * must take effect), and list afresh once it is allowed again.
   */
  private hide(): void {
    this.forbidden = true;
    this.resourceVersion = undefined;
    this.store.clear();
  }

  private async relist(): Promise<void> {
    this.counters.lists++;
    this.listing = true;
    let result;
    const abort = new AbortController();
    this.abortList = abort;
    try {
      const listPage = (limit: number, token: string | undefined): Promise<ListPage> => this.opts.listPage(limit, token, abort.signal);
      result = await listAll({ ...this.opts, listPage, stopped: () => this.stopped }, this.store.held);
    } catch (err) {
      // A list cut by connectionLost fails with the probe's reason, not the fetch's "aborted".
      throw abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason : err;
    } finally {
      this.listing = false;
      this.abortList = undefined;
    }
    if (!result) return;
    this.store.replace(result.items, result.changed);
    this.resourceVersion = result.resourceVersion;
    this.synced = true;
    this.forbidden = false;
    this.lastSyncedAt = this.opts.now();
    if (this.coldSyncMs === undefined && this.startedAt !== undefined) this.coldSyncMs = this.lastSyncedAt - this.startedAt;
    this.setError(undefined);
  }

  private async watchOnce(): Promise<boolean> {
    this.counters.watches++;
    const timeoutSeconds = this.opts.watchTimeoutSeconds();
    const handle = startWatch({
      watch: this.opts.watch,
      path: this.opts.watchPath,
      params: {
        ...this.opts.watchParams,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds,
      },
      deadlineMs: timeoutSeconds * 1000 + this.opts.watchGraceMs,
      onEvent: (type, obj) => this.apply(type, obj),
      onOpen: () => this.opened(),
    });
    this.abortWatch = handle.abort;
    try {
      return await handle.ended;
    } finally {
      this.abortWatch = undefined;
      this.watchOpen = false;
    }
  }

  /** The server took the watch from our resourceVersion: from here on the cache follows it, events or not. */
  private opened(): void {
    this.watchOpen = true;
    this.failures = 0;
    this.lastSyncedAt = this.opts.now();
    if (this.error) this.setError(undefined);
    else this.emit({ type: 'status' });
  }

  private apply(type: string, raw: unknown): void {
    const rv = (raw as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    this.lastSyncedAt = this.opts.now();
    if (this.error) {
      this.failures = 0;
      this.setError(undefined);
    }
    if (type === 'BOOKMARK') return;
    this.counters.events++;
    const key = objectKey(raw);
    if (!key) return;
    const obj = type === 'DELETED' ? undefined : this.opts.project(raw);
    // Deleted, or changed into something the projection drops.
    if (obj === undefined) this.store.delete(key);
    else if (type === 'ADDED' || type === 'MODIFIED') this.store.upsert(key, obj);
  }

  /** Until `ms` have passed, or (undefined) until woken: by connectionAlive, or stop(). */
  private sleep(ms: number | undefined): Promise<void> {
    this.retryAt = ms === undefined ? undefined : this.opts.now() + ms;
    this.emit({ type: 'status' });
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.wake = undefined;
        this.retryAt = undefined;
        resolve();
      };
      const t = ms === undefined ? undefined : setTimeout(done, ms);
      this.wake = done;
    });
  }
}
