/**
 * The structured diff of one file (./diff.ts) in a few sentences an SRE reads
 * at a glance: "the whole Multus config is nested inside delegates[0]"
 * rather than "added $.delegates[0], removed $.delegates[0]". Recognises a
 * subtree wrapped into another (self-nesting), plugins renamed, moved or
 * replaced, and changed values; everything else is said plainly. Pure.
 *
 * The changes go from the base (reference) to the target, as the panes show
 * them: "added" means only the target has it.
 */
import type { PathChange } from './diff';
import { isJsonObject, type JsonValue } from './json';

export interface SummaryContext {
  /** The base document, to name the items a move or a nesting speaks of. */
  base?: JsonValue;
}

/** Sentences per file; the rest are counted. */
export const SUMMARY_MAX_SENTENCES = 8;
/** Values quoted at most this long: file contents are hostile input. */
const VALUE_MAX_CHARS = 40;
/** Nodes visited looking for wrapped subtrees, for the whole file: a 1 MiB document holds far more. */
const SEARCH_MAX_NODES = 20_000;

interface Budget { nodes: number }

const DISPLAY: Record<string, string> = { multus: 'Multus', 'multus-shim': 'Multus' };

const clip = (s: string): string => (s.length <= VALUE_MAX_CHARS ? s : `${s.slice(0, VALUE_MAX_CHARS - 1)}…`);

/** `$.delegates[0]` → `delegates[0]`; `$` → `the whole file`. */
export function readablePath(path: string): string {
  if (path === '$') return 'the whole file';
  return path.startsWith('$.') ? path.slice(2) : path.startsWith('$') ? path.slice(1) : path;
}

function identity(v: JsonValue | undefined): { type: string; name: string } | undefined {
  if (!isJsonObject(v)) return undefined;
  const type = typeof v.type === 'string' ? v.type : '';
  const name = typeof v.name === 'string' ? v.name : '';
  return type || name ? { type, name } : undefined;
}

/** `bandwidth`, `aws-cni`, or `multus "multus-cni-network"`: how CNI plugins and delegates are told apart. */
function label(v: JsonValue | undefined): string {
  const id = identity(v);
  if (!id) return '';
  if (id.type && id.name && id.type !== id.name) return `${clip(id.type)} "${clip(id.name)}"`;
  return clip(id.type || id.name);
}

function show(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (isJsonObject(v)) return label(v) || 'an object';
  return String(v);
}

const SEGMENT = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The value at a path written by ./json.ts childPath, or undefined. */
export function valueAt(root: JsonValue | undefined, path: string): JsonValue | undefined {
  if (!path.startsWith('$')) return undefined;
  let v = root;
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const m = SEGMENT.exec(path);
    if (!m || v === undefined) return undefined;
    if (m[2] !== undefined) v = Array.isArray(v) ? v[Number(m[2])] : undefined;
    else {
      const key = m[1] ?? (JSON.parse(m[3]!) as string);
      v = isJsonObject(v) && Object.hasOwn(v, key) ? v[key] : undefined;
    }
  }
  return v;
}

/** Where inside `hay` an item with the identity of `needle` sits (relative path), breadth first, within a budget. */
function findWrapped(hay: JsonValue, needle: JsonValue, budget: Budget): string | undefined {
  const want = identity(needle);
  if (!want) return undefined;
  const queue: Array<[JsonValue, string]> = [[hay, '']];
  for (let seen = 0; seen < queue.length && budget.nodes > 0; seen++, budget.nodes--) {
    const [v, at] = queue[seen]!;
    const id = at ? identity(v) : undefined;
    if (id && id.type === want.type && id.name === want.name) return at;
    if (Array.isArray(v)) v.forEach((x, i) => { if (typeof x === 'object' && x !== null) queue.push([x, `${at}[${i}]`]); });
    else if (isJsonObject(v)) for (const k of Object.keys(v)) { const x = v[k]!; if (typeof x === 'object' && x !== null) queue.push([x, /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? `${at}.${k}` : `${at}[${JSON.stringify(k)}]`]); }
  }
  return undefined;
}

function arrayItem(path: string): { parent: string; index: number } | undefined {
  const m = /^(.*)\[(\d+)\]$/.exec(path);
  return m ? { parent: m[1]!, index: Number(m[2]) } : undefined;
}

/** Something that replaced what stood at `path`. */
function replaced(path: string, before: JsonValue, after: JsonValue, ctx: SummaryContext, budget: Budget): string {
  const p = readablePath(path);
  const inner = findWrapped(after, before, budget);
  const rootType = identity(ctx.base)?.type;
  const afterId = identity(after);
  if (inner !== undefined) {
    const what = label(before);
    if (rootType && afterId?.type === rootType) {
      return `the whole ${DISPLAY[rootType] ?? clip(rootType)} config is nested inside ${p} (the ${what} that was there is now at ${readablePath(`${path}${inner}`)})`;
    }
    return `${p} now wraps the ${what} that was there, which moved down to ${readablePath(`${path}${inner}`)}`;
  }
  const beforeId = identity(before);
  if (beforeId && afterId && beforeId.type && beforeId.type === afterId.type && beforeId.name !== afterId.name) {
    return `${p} (${clip(afterId.type)}) renamed from "${clip(beforeId.name)}" to "${clip(afterId.name)}"`;
  }
  if (!isJsonObject(before) && !isJsonObject(after) && !Array.isArray(before) && !Array.isArray(after)) return `${p} changed from ${show(before)} to ${show(after)}`;
  return `${p} replaced: ${show(before)} → ${show(after)}`;
}

/**
 * A few sentences for one file's changes (base → target), in path order,
 * at most `limit`, then "and N more changes".
 */
export function summariseChanges(changes: readonly PathChange[], ctx: SummaryContext = {}, limit = SUMMARY_MAX_SENTENCES): string[] {
  const adds = new Map<string, PathChange>();
  const removes = new Map<string, PathChange>();
  for (const c of changes) {
    if (c.op === 'add') adds.set(c.path, c);
    else if (c.op === 'remove') removes.set(c.path, c);
  }
  const used = new Set<PathChange>();
  const budget: Budget = { nodes: SEARCH_MAX_NODES };
  // A plugin renamed at another index: removed here, added there, same type, same array.
  const addsBySlot = new Map<string, PathChange[]>();
  for (const a of adds.values()) {
    const item = arrayItem(a.path);
    const type = identity(a.after)?.type;
    if (!item || !type || removes.has(a.path)) continue;
    const key = JSON.stringify([item.parent, type]);
    let slot = addsBySlot.get(key);
    if (!slot) addsBySlot.set(key, (slot = []));
    slot.push(a);
  }
  // Taken from the end, first in path order first.
  for (const slot of addsBySlot.values()) slot.reverse();
  const renamedTo = new Map<PathChange, PathChange>();
  for (const r of removes.values()) {
    const item = arrayItem(r.path);
    const type = identity(r.before)?.type;
    if (!item || !type || adds.has(r.path)) continue;
    const a = addsBySlot.get(JSON.stringify([item.parent, type]))?.pop();
    if (!a) continue;
    renamedTo.set(r, a);
    used.add(a);
  }

  const out: string[] = [];
  let total = 0;
  const say = (s: string): void => { total++; if (out.length < limit) out.push(s); };
  for (const c of changes) {
    if (used.has(c)) continue;
    used.add(c);
    const p = readablePath(c.path);
    if (c.op === 'change') { say(replaced(c.path, c.before ?? null, c.after ?? null, ctx, budget)); continue; }
    if (c.op === 'move') {
      const what = label(valueAt(ctx.base, c.path));
      const item = arrayItem(c.path);
      say(`${what || p} moved from ${p} to ${item ? readablePath(`${item.parent}[${c.to ?? '?'}]`) : `[${c.to ?? '?'}]`}`);
      continue;
    }
    const other = c.op === 'add' ? removes.get(c.path) : adds.get(c.path);
    if (other && !used.has(other)) {
      used.add(other);
      const [before, after] = c.op === 'add' ? [other.before, c.after] : [c.before, other.after];
      say(replaced(c.path, before ?? null, after ?? null, ctx, budget));
      continue;
    }
    const partner = c.op === 'remove' ? renamedTo.get(c) : undefined;
    if (partner) {
      const from = identity(c.before)!;
      const to = identity(partner.after)!;
      say(`${clip(from.type)} renamed from "${clip(from.name)}" to "${clip(to.name)}" (${p} → ${readablePath(partner.path)})`);
      continue;
    }
    if (c.path === '$') { say(c.op === 'add' ? 'only the target has this file' : 'only the base has this file'); continue; }
    const what = label(c.op === 'add' ? c.after : c.before);
    say(`${c.op === 'add' ? 'added' : 'removed'} ${p}${what ? ` (${what})` : c.op === 'add' ? `: ${show(c.after)}` : ''}`);
  }
  if (total > out.length) out.push(`and ${total - out.length} more change${total - out.length === 1 ? '' : 's'}`);
  return out;
}
