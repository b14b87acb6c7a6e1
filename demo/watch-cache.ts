/**
 * When a real kube-apiserver sends watch BOOKMARKs, and with which
 * resourceVersion. Bookmarks come from the watch cache only
 * (staging/src/k8s.io/apiserver/pkg/storage/cacher):
 * - cacher.go dispatchEvents: a timer (1 s, jittered by 25 %) hands a bookmark
 *   carrying the cache's `lastProcessedResourceVersion` (the RV of the last
 *   event of that kind, or of the last etcd progress notification) to the
 *   watchers whose bookmark time has come (`defaultBookmarkFrequency` = 1 min);
 * - cache_watcher.go nextBookmarkTime: a watcher's next bookmark is due one
 *   minute later, or 2 s before the watch's deadline if that comes first, and
 *   none once that pre-deadline time has passed;
 * - cache_watcher.go process: an event, a bookmark included, reaches the client
 *   only when its RV is above the RV the watch started from. A quiet kind's
 *   cache RV does not move, so its watches get no bookmark at all until a change
 *   of that kind or a progress notification moves it past them.
 * - Events have no watch cache by default (pkg/kubeapiserver/
 *   default_storage_factory_builder.go DefaultWatchCacheSizes: events 0): their
 *   watches are served by etcd directly and never get a bookmark.
 * - etcd sends a progress notification to an idle watch every
 *   --experimental-watch-progress-notify-interval (10 min by default; kubeadm
 *   sets 5 s): the cacher's RV moves to etcd's current revision without an event.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks
 */
import type { ObjectStore } from './store';
import type { Resource } from './types';

/** cacher.go defaultBookmarkFrequency. */
export const BOOKMARK_FREQUENCY_MS = 60_000;
/** etcd's default --experimental-watch-progress-notify-interval. */
export const PROGRESS_NOTIFY_MS = 600_000;
/** cache_watcher.go nextBookmarkTime: "right before the watcher timeout - for now we simply set it 2s before the deadline". */
export const PRE_DEADLINE_MS = 2_000;

/** DefaultWatchCacheSizes: the kinds served without a watch cache. */
const UNCACHED: ReadonlySet<Resource> = new Set<Resource>(['events']);

export function hasWatchCache(resource: Resource): boolean {
  return !UNCACHED.has(resource);
}

/**
 * When the next bookmark is due for a watcher: `frequencyMs` from now, or
 * PRE_DEADLINE_MS before its deadline if that is sooner; undefined once even
 * that is past (no more bookmarks for this watch).
 */
export function nextBookmarkAt(now: number, deadline: number, frequencyMs: number): number | undefined {
  const due = Math.min(now + frequencyMs, deadline - PRE_DEADLINE_MS);
  return due < now ? undefined : due;
}

/** A bookmark reaches the client only when the cache's RV is past the RV its watch started from. */
export function bookmarkPasses(cacheRv: number, watchStartRv: number): boolean {
  return cacheRv > watchStartRv;
}

/**
 * Each cached kind's watch-cache resourceVersion: the RV of its last change,
 * moved to the store's current RV by progress notifications.
 */
export class WatchCacheClock {
  private readonly rv = new Map<Resource, number>();
  /** Kinds that changed since the last progress tick: etcd notifies only idle watches. */
  private readonly busy = new Set<Resource>();
  private readonly offs: Array<() => void> = [];
  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(private readonly store: ObjectStore, resources: readonly Resource[], progressNotifyMs: number) {
    for (const resource of resources) {
      if (!hasWatchCache(resource)) continue;
      this.rv.set(resource, store.currentRv());
      this.offs.push(store.subscribe(resource, (change) => {
        this.rv.set(resource, change.rv);
        this.busy.add(resource);
      }));
    }
    if (progressNotifyMs > 0 && Number.isFinite(progressNotifyMs)) {
      this.ticker = setInterval(() => this.progressNotify(), progressNotifyMs);
      this.ticker.unref();
    }
  }

  /** The RV a bookmark of this kind carries now; undefined for a kind without a watch cache. */
  resourceVersion(resource: Resource): number | undefined {
    return this.rv.get(resource);
  }

  /** etcd's periodic progress notification: every idle cached kind catches up with the store's revision. */
  progressNotify(): void {
    for (const resource of this.rv.keys()) if (!this.busy.has(resource)) this.rv.set(resource, this.store.currentRv());
    this.busy.clear();
  }

  /**
   * A watch from an RV the cache has not reached yet (or a consistent read):
   * the cacher asks etcd for a progress notification and waits for it
   * (watch_cache.go waitUntilFreshAndBlock, cacher.go conditionalProgressRequester).
   */
  requestProgress(resource: Resource, atLeast: number): void {
    const rv = this.rv.get(resource);
    if (rv !== undefined && rv < atLeast) this.rv.set(resource, this.store.currentRv());
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.offs.splice(0).forEach((off) => off());
  }
}
