import 'server-only';

/**
 * One copy of each repeated short string (namespaces, node names, images,
 * reasons): JSON.parse gives every occurrence its own copy, and 150,000 pods
 * repeat a few hundred such values. Only low-cardinality fields go through
 * here; the table is cleared when it grows past MAX_ENTRIES (node names churn
 * with autoscaling), which costs duplicates, never correctness.
 */
const MAX_ENTRIES = 200_000;
const MAX_LENGTH = 512;

const KEY = Symbol.for('cni-health.intern');
type Global = typeof globalThis & { [KEY]?: Map<string, string> };

export function intern<S extends string | undefined>(s: S): S {
  if (s === undefined || s.length > MAX_LENGTH) return s;
  const g = globalThis as Global;
  const table = (g[KEY] ??= new Map());
  const hit = table.get(s);
  if (hit !== undefined) return hit as S;
  if (table.size >= MAX_ENTRIES) table.clear();
  table.set(s, s);
  return s;
}
