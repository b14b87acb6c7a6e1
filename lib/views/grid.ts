import 'server-only';
import { decodeGrid, encodeGrid, gridOrder, type GridPayload } from '@/lib/api/grid-compact';
import type { GridView, NodeView } from '@/lib/api/views';
import { VERDICTS } from '@/lib/api/views';
import type { Verdict } from '@/lib/health/types';
import type { ClusterCache } from '@/lib/k8s/cache';
import { FleetView } from './fleet-view';
import { staleness } from './staleness';

export { toNodeView } from './node-view';

/** How often the precomputed grid catches up with the cache (and re-reads sync state). */
export const GRID_REFRESH_MS = 250;

/** A serialised grid payload; `etag` names exactly these bytes (strong: one per serialisation). */
export interface GridBytes { version: number; json: string; etag: string }

const encoded = new WeakMap<GridBytes, Uint8Array<ArrayBuffer>>();
const utf8 = new TextEncoder();
/** The payload's UTF-8 bytes, encoded once per serialisation however many clients ask. */
export function bytesOf(b: GridBytes): Uint8Array<ArrayBuffer> {
  let buf = encoded.get(b);
  if (!buf) encoded.set(b, (buf = utf8.encode(b.json)));
  return buf;
}

/**
 * The precomputed grid: the fleet's analysis refreshed in the background
 * (only what changed), the full compact payload serialised once per
 * refresh, so a request is a lookup (Next's server gzips it on the way out). Deltas are built per base version
 * and shared by every client that asks from the same one.
 */
export class GridStore {
  readonly fleet: FleetView;
  private full: GridBytes | undefined;
  private meta: Omit<GridView, 'nodes'> | undefined;
  /** Bumped whenever what the full payload would say changed; the payload is encoded on demand. */
  private serial = 0;
  private encodedSerial = -1;
  private readonly deltas = new Map<number, GridBytes>();
  private viewCache: { full: GridBytes; json: string } | undefined;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly cache: ClusterCache, private readonly now: () => number = Date.now) {
    this.fleet = new FleetView(cache);
    this.timer = setInterval(() => this.refresh(), GRID_REFRESH_MS);
    this.timer.unref?.();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  /**
   * Called after a refresh that changed what the grid says. The grid
   * catches up with the cache up to GRID_REFRESH_MS after it changed, so a
   * client that refetched on the cache's own change may have got the grid
   * from just before; this second signal makes it fetch again.
   */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The analysis once it has run at least once: the first request after start must not see an empty fleet. */
  get analysedFleet(): FleetView {
    if (!this.meta) this.refresh();
    return this.fleet;
  }

  /** Brings the grid up to date now (the timer does it anyway; tests and first requests call it). */
  refresh(): void {
    const now = this.now();
    this.fleet.refresh(now);
    const changed = this.fleet.version !== this.metaVersion;
    const sync = this.cache.sync();
    // Sync state (stale, errors) travels in the metadata: a new serial when it or any node changed.
    const st = staleness(sync);
    const stateChanged = changed || !this.meta || this.meta.stale !== st.stale || this.meta.errors.join() !== st.errors.join();
    if (!stateChanged && now - Date.parse(this.meta!.generatedAt) < 5_000) return;
    this.meta = this.buildMeta(now, sync);
    this.metaVersion = this.fleet.version;
    this.serial++;
    this.deltas.clear();
    // Not for the clock-only refresh every 5 s: nothing a client shows changed.
    if (stateChanged) for (const l of this.listeners) l();
  }

  private metaVersion = -1;

  /**
   * The full compact payload, encoded at most once per serial and only when
   * asked for: encoding 5,000 rows takes ~10 ms, and doing it on every
   * background refresh blocked the event loop four times a second.
   */
  payload(): GridBytes {
    if (!this.meta) this.refresh();
    if (!this.full || this.encodedSerial !== this.serial) {
      const nodes = [...this.fleet.views.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const json = JSON.stringify(encodeGrid(this.meta!, nodes, { epoch: this.fleet.epoch, version: this.metaVersion }));
      this.full = { version: this.metaVersion, json, etag: `"g-${this.fleet.epoch}-${this.serial}"` };
      this.encodedSerial = this.serial;
    }
    return this.full;
  }

  /** A delta from `base` (same epoch), or undefined when only a full payload will do. */
  delta(epoch: string, base: number): GridBytes | undefined {
    if (!this.meta) this.refresh();
    if (epoch !== this.fleet.epoch) return undefined;
    const hit = this.deltas.get(base);
    if (hit) return hit;
    const changes = this.fleet.changesSince(base);
    if (!changes) return undefined;
    const names = new Set(changes.flatMap((c) => c.names));
    const removed = [...new Set(changes.flatMap((c) => c.removed))].filter((n) => !this.fleet.views.has(n));
    const rows = [...names].map((n) => this.fleet.views.get(n)).filter((v): v is NodeView => v !== undefined);
    const json = JSON.stringify(encodeGrid(this.meta!, rows, { epoch: this.fleet.epoch, version: this.metaVersion, base, removed }));
    const bytes = { version: this.metaVersion, json, etag: `"g-${this.fleet.epoch}-${this.serial}-${base}"` };
    if (this.deltas.size > 64) this.deltas.clear();
    this.deltas.set(base, bytes);
    return bytes;
  }

  /** The grid as the components render it (server prefetch, metrics). */
  view(): GridView {
    return decodeGrid(JSON.parse(this.payload().json) as GridPayload);
  }

  /** GridView JSON (the /api/nodes contract), serialised once per version. */
  viewJson(): string {
    const full = this.payload();
    if (this.viewCache?.full !== full) this.viewCache = { full, json: JSON.stringify(this.view()) };
    return this.viewCache.json;
  }

  private buildMeta(now: number, sync: ReturnType<ClusterCache['sync']>): Omit<GridView, 'nodes'> {
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    const cniCounts = new Map<string, number>();
    for (const n of this.fleet.views.values()) {
      counts[n.verdict]++;
      for (const c of n.cnis) cniCounts.set(c, (cniCounts.get(c) ?? 0) + 1);
    }
    return {
      cluster: this.cache.cluster,
      cnis: [...cniCounts].map(([name, count]) => ({ name, nodes: count })).sort((a, b) => b.nodes - a.nodes || a.name.localeCompare(b.name)),
      generatedAt: new Date(now).toISOString(),
      ...staleness(sync),
      sync,
      counts,
      clusterFindings: this.fleet.findings,
      ...(this.fleet.probes.facts.members > 0 ? { zones: this.fleet.probes.facts.zones.map(({ from, to, ok, failed }) => ({ from, to, ok, failed })) } : {}),
    };
  }
}

// One grid per cache, and the cache is one per server process (lib/k8s/cache.ts);
// on globalThis so a hot reload reuses it.
const KEY = Symbol.for('cni-health.grid-stores');
type Global = typeof globalThis & { [KEY]?: WeakMap<ClusterCache, GridStore> };

export function getGridStore(cache: ClusterCache): GridStore {
  const g = globalThis as Global;
  const stores = (g[KEY] ??= new WeakMap());
  let store = stores.get(cache);
  if (!store) stores.set(cache, (store = new GridStore(cache)));
  return store;
}

/** The grid's view model from the precomputed grid (never a fleet-wide diagnosis per request). */
export function buildGridView(cache: ClusterCache, _now: number): GridView {
  return getGridStore(cache).view();
}

export { gridOrder };
