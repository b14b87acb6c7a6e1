import 'server-only';
import { objectKey, type ListPage } from './informer-types';

export interface ListRequest<T> {
  listPage: (limit: number, continueToken: string | undefined) => Promise<ListPage>;
  pageSize: number;
  project: (raw: unknown) => T | undefined;
  versionOf?: (obj: T) => string | undefined;
  stopped: () => boolean;
}

export interface ListResult<T> {
  items: Map<string, T>;
  /** Keys whose projection is new (not the object held before). */
  changed: string[];
  resourceVersion: string;
}

/**
 * Every page of one list, projected. `held` is what the cache has now: an
 * object unchanged since then keeps its projection, so a relist holds one
 * copy of the fleet, not two, and announces only what really changed.
 * Undefined when stopped midway. A failed page fails the whole list (an
 * expired continue token included: the caller starts again from the first
 * page, since pages from two different snapshots are not one list), and no
 * request is left in flight when it returns or throws.
 */
export async function listAll<T>(req: ListRequest<T>, held: ReadonlyMap<string, T>): Promise<ListResult<T> | undefined> {
  const items = new Map<string, T>();
  const changed: string[] = [];
  let rv = '';
  let next: Promise<ListPage> | undefined = req.listPage(req.pageSize, undefined);
  try {
    while (next) {
      const page: ListPage = await next;
      // Ask for the next page before projecting this one, so the server
      // serialises while we parse.
      next = page.continueToken && !req.stopped() ? req.listPage(req.pageSize, page.continueToken) : undefined;
      for (const raw of page.items) {
        const key = objectKey(raw);
        if (!key) continue;
        const old = held.get(key);
        const rawRv = (raw as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
        const obj = old !== undefined && rawRv && req.versionOf?.(old) === rawRv ? old : req.project(raw);
        if (obj === undefined) continue;
        items.set(key, obj);
        if (obj !== old) changed.push(key);
      }
      rv = page.resourceVersion;
      if (req.stopped()) return undefined;
    }
  } finally {
    // A page requested ahead and not consumed (stopped, or projection threw):
    // wait for it, so "one list in flight" holds and it cannot reject unhandled.
    if (next) await next.catch(() => undefined);
  }
  return { items, changed, resourceVersion: rv };
}
