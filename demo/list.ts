/**
 * List with chunking: `limit` + `continue`. A continue token pins the list's
 * resourceVersion, so every page comes from the same consistent state (the
 * store rebuilds it from its change log), and a token older than the log gets
 * 410 Expired exactly like etcd compaction makes the real API server do.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks
 */
import { hasSelectors, intParam, selects, type Selection } from './query';
import { ApiError, badRequest, expiredContinue, notFound, tooOldResourceVersion } from './status';
import type { ObjectStore } from './store';
import type { KubeObject } from './types';

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ListResult {
  items: KubeObject[];
  metadata: ListMeta;
}

interface ContinueToken { v: 'meta.k8s.io/v1'; rv: number; start: string }

function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start: lastKey };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeContinue(raw: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<ContinueToken>;
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad shape');
    return t as ContinueToken;
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}

/** First index whose key is > `key` (or >= when `inclusive`). */
function bound(keys: readonly string[], key: string, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid] ?? '';
    if (k < key || (!inclusive && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function listObjects(store: ObjectStore, sel: Selection, query: URLSearchParams): ListResult {
  const limit = intParam(query, 'limit') ?? 0;
  const cont = query.get('continue');
  const rvParam = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  let rv = store.currentRv();
  let after: string | undefined;
  if (cont) {
    if (rvParam !== '') throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(cont);
    if (token.rv < store.oldestRv()) throw expiredContinue();
    rv = token.rv;
    after = token.start;
  } else if (match === 'Exact') {
    if (!/^\d+$/.test(rvParam)) throw badRequest('resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion ""');
    rv = Number(rvParam);
  } else if (match !== '' && match !== 'NotOlderThan') {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan", ""`);
  }
  const view = store.stateAt(sel.kind.resource, rv);
  if (!view) throw cont ? expiredContinue() : new ApiError(tooOldResourceVersion(String(rv), String(store.oldestRv())));

  const prefix = sel.namespace !== undefined && sel.kind.namespaced ? `${sel.namespace}/` : '';
  const keys = view.keys;
  let i = after !== undefined ? bound(keys, after, false) : 0;
  if (prefix && (after === undefined || after < prefix)) i = Math.max(i, bound(keys, prefix, true));
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let remaining = 0;
  for (; i < keys.length; i++) {
    const key = keys[i] ?? '';
    if (prefix && !key.startsWith(prefix)) break;
    const obj = view.get(key);
    if (!obj || !selects(sel, obj)) continue;
    if (limit > 0 && items.length === limit) {
      more = true;
      // remainingItemCount is only known without selectors, as on the real server.
      if (hasSelectors(sel)) break;
      // Without an overlay every key has an object: count by index, not by walking 150k keys per page.
      if (view.exact && !prefix) {
        remaining = keys.length - i;
        break;
      }
      remaining++;
      continue;
    }
    items.push(obj);
    lastKey = key;
  }
  const metadata: ListMeta = { resourceVersion: String(rv) };
  if (more) {
    metadata.continue = encodeContinue(rv, lastKey);
    if (!hasSelectors(sel)) metadata.remainingItemCount = remaining;
  }
  return { items, metadata };
}

/** Items of a list response carry no kind/apiVersion; the list's kind says it. */
export function listBody(kind: string, apiVersion: string, result: ListResult): Record<string, unknown> {
  const items = result.items.map(({ kind: _k, apiVersion: _v, ...rest }) => rest);
  return { kind, apiVersion, metadata: result.metadata, items };
}

export function getObject(store: ObjectStore, sel: Selection, name: string): KubeObject {
  const key = sel.kind.namespaced ? `${sel.namespace ?? ''}/${name}` : name;
  const obj = store.get(sel.kind.resource, key);
  if (!obj) throw notFound(sel.kind.resource, name, sel.kind.group);
  return obj;
}
