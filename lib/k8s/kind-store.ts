import 'server-only';
import type { InformerEvent } from './informer-types';

/**
 * What one informer holds, and who is told when it changes: the objects by
 * cache key and the subscribers of their changes. The informer decides when
 * (list, watch event, loss of access); this says what changed.
 */
export class KindStore<T> {
  private readonly items = new Map<string, T>();
  private readonly listeners = new Set<(e: InformerEvent<T>) => void>();

  /** The map itself, read-only: a relist compares against it to keep unchanged objects. */
  get held(): ReadonlyMap<string, T> {
    return this.items;
  }

  list(): T[] {
    return [...this.items.values()];
  }

  entries(): Array<[string, T]> {
    return [...this.items];
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  get size(): number {
    return this.items.size;
  }

  subscribe(listener: (e: InformerEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: InformerEvent<T>): void {
    for (const l of this.listeners) l(e);
  }

  upsert(key: string, obj: T): void {
    this.items.set(key, obj);
    this.emit({ type: 'upsert', key, obj });
  }

  delete(key: string): void {
    const old = this.items.get(key);
    if (old !== undefined && this.items.delete(key)) this.emit({ type: 'delete', key, obj: old });
  }

  /** Drops everything, telling subscribers of each deletion. */
  clear(): void {
    const held = [...this.items];
    this.items.clear();
    for (const [key, obj] of held) this.emit({ type: 'delete', key, obj });
  }

  /**
   * Swaps in a fresh list's state and tells subscribers what changed, so
   * deletions that happened while we were disconnected are not lost.
   */
  replace(items: ReadonlyMap<string, T>, changed: Iterable<string>): void {
    const gone: Array<[string, T]> = [];
    for (const [key, old] of this.items) if (!items.has(key)) gone.push([key, old]);
    this.items.clear();
    for (const [key, obj] of items) this.items.set(key, obj);
    for (const [key, old] of gone) this.emit({ type: 'delete', key, obj: old });
    for (const key of changed) this.emit({ type: 'upsert', key, obj: items.get(key)! });
  }
}
