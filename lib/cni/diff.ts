/**
 * Structural diff of two nodes' config sets: per file, JSON-aware changes
 * (added, removed, changed paths) plus a unified text diff. Array items are
 * matched by identity (`type` and `name`, the way CNI plugins and Multus
 * delegates are told apart), so a Multus config wrapped into `delegates`
 * shows as one inserted subtree, not dozens of changed leaves.
 * jsondiffpatch: https://github.com/benjamine/jsondiffpatch/blob/master/docs/deltas.md
 */
import { createTwoFilesPatch } from 'diff';
import { create, type Delta } from 'jsondiffpatch';
import { configFiles } from './files';
import { childPath, parseJson, type JsonValue } from './json';
import type { SnapshotFile } from './snapshot';

export interface PathChange {
  op: 'add' | 'remove' | 'change' | 'move';
  /** JSON path; for `remove` and `move` the index is the old one, otherwise the new one. */
  path: string;
  before?: JsonValue;
  after?: JsonValue;
  /** For `move`: the new index. */
  to?: number;
}

export interface FileDiff {
  file: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** True when both sides parsed as JSON and `changes` is structural. */
  json: boolean;
  changes: PathChange[];
  /** Unified diff of the (pretty-printed, when JSON) texts; empty when unchanged. */
  unified: string;
}

/** Identity of an array item: plugins and delegates by type and name, anything else by position. */
function objectHash(item: object, index?: number): string {
  const o = item as Record<string, unknown>;
  const type = typeof o.type === 'string' ? o.type : '';
  const name = typeof o.name === 'string' ? o.name : '';
  return type || name ? `${type}|${name}` : `$$index:${index ?? 0}`;
}

const differ = create({ objectHash, arrays: { detectMove: true, includeValueOnMove: false }, cloneDiffValues: false });

function collect(delta: Delta, path: string, out: PathChange[]): void {
  if (delta === undefined) return;
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ op: 'add', path, after: delta[0] as JsonValue });
    else if (delta.length === 2) out.push({ op: 'change', path, before: delta[0] as JsonValue, after: delta[1] as JsonValue });
    else if (delta[2] === 0) out.push({ op: 'remove', path, before: delta[0] as JsonValue });
    return;
  }
  const d = delta as Record<string, Delta>;
  if ((delta as { _t?: unknown })._t === 'a') {
    for (const key of Object.keys(d)) {
      if (key === '_t') continue;
      const sub = d[key];
      if (key.startsWith('_')) {
        const from = Number(key.slice(1));
        if (Array.isArray(sub) && sub[2] === 3) out.push({ op: 'move', path: childPath(path, from), to: Number(sub[1]) });
        else collect(sub, childPath(path, from), out);
      } else {
        collect(sub, childPath(path, Number(key)), out);
      }
    }
    return;
  }
  for (const key of Object.keys(d)) collect(d[key], childPath(path, key), out);
}

/** Path-level changes from `a` to `b`. */
export function diffJson(a: JsonValue, b: JsonValue): PathChange[] {
  const out: PathChange[] = [];
  collect(differ.diff(a, b), '$', out);
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.op < y.op ? -1 : 1));
}

/** Pretty text for the line diff: JSON re-indented (generated configs are one long line), else as is. */
function textOf(content: string | undefined): { text: string; json?: JsonValue } {
  if (content === undefined) return { text: '' };
  const parsed = parseJson(content);
  if (!parsed.ok) return { text: content };
  return { text: `${JSON.stringify(parsed.value, null, 2)}\n`, json: parsed.value };
}

export interface DiffOptions {
  /** Header names for the two sides, e.g. node names. */
  labels?: [string, string];
  /** Bound on the line diff's work (jsdiff maxEditLength, default 1000 edits); past it the unified text says so. */
  maxEditLength?: number;
}

export function diffFile(name: string, a: SnapshotFile | undefined, b: SnapshotFile | undefined, opts: DiffOptions = {}): FileDiff {
  const [la, lb] = opts.labels ?? ['a', 'b'];
  const left = textOf(a?.content);
  const right = textOf(b?.content);
  const status: FileDiff['status'] = !a ? 'added' : !b ? 'removed' : left.text === right.text ? 'unchanged' : 'changed';
  if (status === 'unchanged') return { file: name, status, json: left.json !== undefined, changes: [], unified: '' };
  let json = left.json !== undefined && right.json !== undefined;
  let changes = json ? diffJson(left.json!, right.json!) : [];
  if (status === 'added' && right.json !== undefined) { json = true; changes = [{ op: 'add', path: '$', after: right.json }]; }
  if (status === 'removed' && left.json !== undefined) { json = true; changes = [{ op: 'remove', path: '$', before: left.json }]; }
  // Indentation is ignored when comparing lines: a config wrapped one level deeper (self-nesting)
  // re-indents every line, which would otherwise make the line diff quadratic and useless;
  // the structural `changes` carry the nesting.
  const unified = createTwoFilesPatch(`${la}/${name}`, `${lb}/${name}`, left.text, right.text, undefined, undefined, { context: 3, ignoreWhitespace: true, maxEditLength: opts.maxEditLength ?? 1000 })
    ?? `--- ${la}/${name}\n+++ ${lb}/${name}\n(too many differences for a line diff)\n`;
  return { file: name, status, json, changes, unified };
}

/** Per-file diff of two config sets (config files only, in libcni order, then the rest by name). */
export function diffConfigSets(a: readonly SnapshotFile[], b: readonly SnapshotFile[], opts: DiffOptions = {}): FileDiff[] {
  const left = new Map(configFiles(a).map((f) => [f.name, f]));
  const right = new Map(configFiles(b).map((f) => [f.name, f]));
  const names = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return names.map((n) => diffFile(n, left.get(n), right.get(n), opts));
}

/** Short `file:path` descriptions of where two sets differ, for finding evidence. */
export function summariseDiff(diffs: readonly FileDiff[], limit = 5): string[] {
  const out: string[] = [];
  for (const d of diffs) {
    if (d.status === 'unchanged') continue;
    if (d.status !== 'changed' || !d.json) out.push(`${d.file}: ${d.status}`);
    else for (const c of d.changes) out.push(`${d.file}: ${c.op} ${c.path}`);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

