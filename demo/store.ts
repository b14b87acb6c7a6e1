/**
 * In-memory "etcd + watch cache": objects per kind keyed `namespace/name`, one
 * global resourceVersion, and a bounded change log so watches can resume and
 * paginated lists can be served from a consistent snapshot. Stored objects are
 * never mutated in place: `update` clones, so an object handed to a watcher or
 * a list stays exactly what it was at its resourceVersion.
 */
import type { KubeObject, Resource, ResourceObjectMap } from './types';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  resource: Resource;
  key: string;
  type: ChangeType;
  /** The object after the change (for DELETED: the last state, carrying the deletion RV). */
  object: KubeObject;
  /** The object before the change; absent for ADDED. */
  prev?: KubeObject;
}

export type ChangeListener = (change: Change) => void;

export interface StoreOptions {
  /** Numbers below this were never issued; a time-derived base keeps RVs growing across restarts. */
  initialRv: number;
  historyLimit: number;
}

/** A read-only view of one kind at a past resourceVersion. */
export interface StateView {
  keys: readonly string[];
  get(key: string): KubeObject | undefined;
  /** True when every key has an object (the current state): counts need no walk. */
  exact: boolean;
}

/**
 * Keys created or deleted since the sorted array was last read. Seeding 150k
 * pods one by one must not re-sort (or splice into) a 150k array each time;
 * a read merges the sorted additions and drops the deletions in O(n).
 */
class PendingKeys {
  private readonly adds = new Set<string>();
  private readonly dels = new Set<string>();

  add(key: string): void {
    if (this.dels.has(key)) this.dels.delete(key);
    else this.adds.add(key);
  }

  delete(key: string): void {
    if (this.adds.has(key)) this.adds.delete(key);
    else this.dels.add(key);
  }

  empty(): boolean {
    return this.adds.size === 0 && this.dels.size === 0;
  }

  mergeInto(base: readonly string[]): string[] {
    const adds = [...this.adds].sort();
    const out: string[] = [];
    let j = 0;
    for (const k of base) {
      if (this.dels.has(k)) continue;
      while (j < adds.length && adds[j]! < k) out.push(adds[j++]!);
      out.push(k);
    }
    while (j < adds.length) out.push(adds[j++]!);
    this.adds.clear();
    this.dels.clear();
    return out;
  }
}

export function objectKey(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export class ObjectStore {
  private rv: number;
  /** State at any RV >= compactedRv can be rebuilt from the log. */
  private compactedRv: number;
  private readonly log: Change[] = [];
  private head = 0;
  private readonly objects = new Map<Resource, Map<string, KubeObject>>();
  private readonly sorted = new Map<Resource, string[]>();
  /** Creates and deletes since the sorted keys were last read, merged in one pass on the next read. */
  private readonly pending = new Map<Resource, PendingKeys>();
  private readonly listeners = new Map<Resource, Set<ChangeListener>>();
  private readonly historyLimit: number;

  constructor(opts: StoreOptions) {
    this.rv = opts.initialRv;
    this.compactedRv = opts.initialRv;
    this.historyLimit = Math.max(1, opts.historyLimit);
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  currentRv(): number {
    return this.rv;
  }

  /** The oldest RV a watch may resume from or a continue token may carry. */
  oldestRv(): number {
    return this.compactedRv;
  }

  get<R extends Resource>(resource: R, key: string): ResourceObjectMap[R] | undefined {
    return this.kind(resource).get(key) as ResourceObjectMap[R] | undefined;
  }

  /** Current objects of a kind, sorted by key like etcd's range reads. */
  list<R extends Resource>(resource: R): ResourceObjectMap[R][] {
    const map = this.kind(resource);
    return this.sortedKeys(resource).map((k) => map.get(k) as ResourceObjectMap[R]);
  }

  count(resource: Resource): number {
    return this.kind(resource).size;
  }

  create<R extends Resource>(resource: R, obj: ResourceObjectMap[R]): ResourceObjectMap[R] {
    const key = objectKey(obj);
    if (this.kind(resource).has(key)) throw new Error(`${resource} "${key}" already exists`);
    const stored = this.stamp(obj);
    this.kind(resource).set(key, stored);
    if (this.sorted.has(resource)) this.pendingOf(resource).add(key);
    this.record({ rv: this.rv, resource, key, type: 'ADDED', object: stored });
    return stored;
  }

  /** Applies `mutate` to a copy of the stored object and stores the copy under a new RV. */
  update<R extends Resource>(resource: R, key: string, mutate: (draft: ResourceObjectMap[R]) => void): ResourceObjectMap[R] {
    const prev = this.get(resource, key);
    if (!prev) throw new Error(`${resource} "${key}" not found`);
    const draft = structuredClone(prev);
    mutate(draft);
    const stored = this.stamp(draft);
    this.kind(resource).set(key, stored);
    this.record({ rv: this.rv, resource, key, type: 'MODIFIED', object: stored, prev });
    return stored;
  }

  /** Stores `obj` in place of the current object under a new RV (PUT, PATCH). */
  replace<R extends Resource>(resource: R, key: string, obj: ResourceObjectMap[R]): ResourceObjectMap[R] {
    return this.update(resource, key, (draft) => {
      for (const k of Object.keys(draft)) delete (draft as unknown as Record<string, unknown>)[k];
      Object.assign(draft, structuredClone(obj));
    });
  }

  delete<R extends Resource>(resource: R, key: string): ResourceObjectMap[R] | undefined {
    const prev = this.get(resource, key);
    if (!prev) return undefined;
    const last = this.stamp(structuredClone(prev));
    this.kind(resource).delete(key);
    if (this.sorted.has(resource)) this.pendingOf(resource).delete(key);
    this.record({ rv: this.rv, resource, key, type: 'DELETED', object: last, prev });
    return last;
  }

  subscribe(resource: Resource, listener: ChangeListener): () => void {
    let set = this.listeners.get(resource);
    if (!set) this.listeners.set(resource, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Changes of one kind after `rv`, oldest first; undefined when the log no longer reaches back that far. */
  changesSince(resource: Resource, rv: number): Change[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const out: Change[] = [];
    for (let i = this.firstAfter(rv); i < this.log.length; i++) {
      const c = this.log[i];
      if (c && c.resource === resource) out.push(c);
    }
    return out;
  }

  /** One kind as it was at `rv` (undone from the log); undefined when compacted away. */
  stateAt(resource: Resource, rv: number): StateView | undefined {
    const current = this.kind(resource);
    if (rv >= this.rv) return { keys: this.sortedKeys(resource), get: (k) => current.get(k), exact: true };
    if (rv < this.compactedRv) return undefined;
    const overlay = new Map<string, KubeObject | null>();
    for (let i = this.log.length - 1; i >= this.head; i--) {
      const c = this.log[i];
      if (!c || c.rv <= rv) break;
      if (c.resource === resource) overlay.set(c.key, c.prev ?? null);
    }
    const extra = [...overlay.keys()].filter((k) => !current.has(k) && overlay.get(k));
    const keys = extra.length === 0 ? this.sortedKeys(resource) : [...this.sortedKeys(resource), ...extra].sort();
    return {
      keys,
      exact: ![...overlay.values()].includes(null),
      get: (k) => {
        const o = overlay.get(k);
        return o === undefined ? current.get(k) : o ?? undefined;
      },
    };
  }

  /** Drops the whole change log: resuming from any earlier RV now gets 410 Expired. */
  compact(): void {
    this.log.length = 0;
    this.head = 0;
    this.compactedRv = this.rv;
  }

  /**
   * Compacts past every resourceVersion issued so far: even a client that saw
   * the latest change must relist (etcd compacted while it was away). The
   * skipped RV is never used by an object; RVs have gaps on real servers too.
   */
  expireAll(): void {
    this.rv += 1;
    this.compact();
  }

  private kind(resource: Resource): Map<string, KubeObject> {
    let map = this.objects.get(resource);
    if (!map) this.objects.set(resource, (map = new Map()));
    return map;
  }

  private pendingOf(resource: Resource): PendingKeys {
    let p = this.pending.get(resource);
    if (!p) this.pending.set(resource, (p = new PendingKeys()));
    return p;
  }

  private sortedKeys(resource: Resource): string[] {
    let keys = this.sorted.get(resource);
    if (!keys) this.sorted.set(resource, (keys = [...this.kind(resource).keys()].sort()));
    const pending = this.pending.get(resource);
    if (pending && !pending.empty()) {
      keys = pending.mergeInto(keys);
      this.sorted.set(resource, keys);
    }
    return keys;
  }

  private stamp<T extends KubeObject>(obj: T): T {
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    return obj;
  }

  private record(change: Change): void {
    this.log.push(change);
    while (this.log.length - this.head > this.historyLimit) {
      const dropped = this.log[this.head];
      if (dropped) this.compactedRv = dropped.rv;
      this.head++;
    }
    // Reclaim the dropped prefix in one go instead of shifting on every write.
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log.splice(0, this.head);
      this.head = 0;
    }
    for (const listener of this.listeners.get(change.resource) ?? []) {
      try {
        listener(change);
      } catch (e) {
        console.error('demo store listener failed', e);
      }
    }
  }

  /** Index of the first retained change with rv > `rv` (binary search; RVs are increasing). */
  private firstAfter(rv: number): number {
    let lo = this.head;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.log[mid]?.rv ?? Infinity) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
