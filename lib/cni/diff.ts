/**
 * Structural diff of two nodes' config sets: per file, JSON-aware changes
 * (added, removed, changed paths) plus a unified text diff. Array items are
 * matched by identity (`type` and `name`, the way CNI plugins and Multus
 * delegates are told apart), so a Multus config wrapped into `delegates`
 * shows as one inserted subtree, not dozens of changed leaves.
 * jsondiffpatch: https://github.com/benjamine/jsondiffpatch/blob/master/docs/deltas.md
 *
 * Both diffs are bounded (lib/cni/limits.ts), per view: file contents come
 * from whoever can write a snapshot ConfigMap. jsondiffpatch's array
 * matching is an LCS, quadratic in time and memory, so a file whose arrays
 * are too long is compared line by line only; the line diff
 * (./line-diff.ts) stops at its budget and then says so.
 */
import { create, type Delta } from 'jsondiffpatch';
import { configFiles } from './files';
import { childPath, isJsonObject, parseJson, type JsonParseResult, type JsonValue } from './json';
import { prettyWithin } from './json-lines';
import { RENDER_VIEW_MAX_CHARS, STRUCTURAL_DIFF_MAX_CELLS } from './limits';
import { boundedLineDiff, lineDiffBudget, type LineDiffBudget } from './line-diff';
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
  /** Set when both sides are JSON but too large to compare structurally: `changes` is empty, the line diff stands alone. */
  structuralSkipped?: { cells: number; limit: number };
  /** Set when the line diff gave up (too many differences for its budget): `unified` says so. */
  lineDiffSkipped?: boolean;
  work: DiffWork;
}

/** What one file's diff cost: what the bounds are checked against. */
export interface DiffWork {
  /** Σ len² over the arrays of the larger side: the LCS cells jsondiffpatch could need (0 when not run). */
  structuralCells: number;
  /** Line comparisons the line diff made. */
  lineComparisons: number;
  /** What the line diff was charged against LINE_DIFF_MAX_WORK: comparisons plus D² (lib/cni/line-diff.ts). */
  lineWork: number;
}

/** Identity of an array item: plugins and delegates by type and name, anything else by position. */
function objectHash(item: object, index?: number): string {
  // jsondiffpatch hands over anything whose typeof is 'object', null included (filters/arrays.js matchItems).
  if (item === null) return `$$index:${index ?? 0}`;
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

/**
 * Σ len² over every array in `v`, stopping once past `limit`. Arrays are
 * compared by path, each at most once, and n·m ≤ (n² + m²)/2, so the larger
 * side's sum bounds the LCS cells of the whole structural diff.
 */
export function arrayCells(v: JsonValue, limit = STRUCTURAL_DIFF_MAX_CELLS): number {
  let cells = 0;
  const stack: JsonValue[] = [v];
  while (stack.length > 0 && cells <= limit) {
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      cells += x.length * x.length;
      if (cells > limit) break;
      for (const item of x) if (typeof item === 'object' && item !== null) stack.push(item);
    }
    else if (isJsonObject(x)) for (const k of Object.keys(x)) { const c = x[k]!; if (typeof c === 'object' && c !== null) stack.push(c); }
  }
  return cells;
}

export type JsonDiffResult =
  | { ok: true; changes: PathChange[]; cells: number }
  | { ok: false; cells: number; limit: number };

/** Path-level changes from `a` to `b`, or why they were not computed (arrays too long for the LCS budget). */
export function diffJsonBounded(a: JsonValue, b: JsonValue, limit = STRUCTURAL_DIFF_MAX_CELLS): JsonDiffResult {
  const cells = Math.max(arrayCells(a, limit), arrayCells(b, limit));
  if (cells > limit) return { ok: false, cells, limit };
  const out: PathChange[] = [];
  collect(differ.diff(a, b), '$', out);
  return { ok: true, cells, changes: out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.op < y.op ? -1 : 1)) };
}

/** Path-level changes from `a` to `b`; documents too large to compare structurally differ as a whole (`change $`). */
export function diffJson(a: JsonValue, b: JsonValue): PathChange[] {
  const r = diffJsonBounded(a, b);
  return r.ok ? r.changes : [{ op: 'change', path: '$', before: a, after: b }];
}

/**
 * Text for the line diff: JSON re-indented (generated configs are one long
 * line) when the printed form stays within the view's budget, else as is.
 */
function textOf(content: string | undefined, parse: (text: string) => JsonParseResult): { text: string; json?: JsonValue } {
  if (content === undefined) return { text: '' };
  const parsed = parse(content);
  if (!parsed.ok) return { text: content };
  const pretty = prettyWithin(parsed.value, RENDER_VIEW_MAX_CHARS);
  return { text: pretty === undefined ? content : `${pretty}\n`, json: parsed.value };
}

/** What one view's diffs may still spend, shared by all its files (lib/cni/limits.ts). */
export interface DiffBudget {
  structuralCells: number;
  lines: LineDiffBudget;
}

export const diffBudget = (): DiffBudget => ({ structuralCells: STRUCTURAL_DIFF_MAX_CELLS, lines: lineDiffBudget() });

export interface DiffOptions {
  /** Header names for the two sides, e.g. node names. */
  labels?: [string, string];
  /** Shared by the files of one view; a fresh one per call when absent. */
  budget?: DiffBudget;
  /** False to skip the line diff (a pass whose `unified` is not shown). */
  unified?: boolean;
  /** The parser, memoised by a caller that parses the same contents again (lib/views/diff-files.ts). */
  parse?: (text: string) => JsonParseResult;
}

export function diffFile(name: string, a: SnapshotFile | undefined, b: SnapshotFile | undefined, opts: DiffOptions = {}): FileDiff {
  const [la, lb] = opts.labels ?? ['a', 'b'];
  const budget = opts.budget ?? diffBudget();
  const left = textOf(a?.content, opts.parse ?? parseJson);
  const right = textOf(b?.content, opts.parse ?? parseJson);
  const work: DiffWork = { structuralCells: 0, lineComparisons: 0, lineWork: 0 };
  // Content withheld on read (lib/cni/bounds.ts) is compared by its hash alone.
  const same = a?.withheld !== undefined || b?.withheld !== undefined ? a?.sha256 !== undefined && a.sha256 === b?.sha256 : left.text === right.text;
  const status: FileDiff['status'] = !a ? 'added' : !b ? 'removed' : same ? 'unchanged' : 'changed';
  if (status === 'unchanged') return { file: name, status, json: left.json !== undefined, changes: [], unified: '', work };
  let json = left.json !== undefined && right.json !== undefined;
  let changes: PathChange[] = [];
  let structuralSkipped: FileDiff['structuralSkipped'];
  if (json) {
    const r = diffJsonBounded(left.json!, right.json!, budget.structuralCells);
    if (r.ok) { changes = r.changes; work.structuralCells = r.cells; budget.structuralCells -= r.cells; }
    else { json = false; structuralSkipped = { cells: r.cells, limit: r.limit }; }
  }
  if (status === 'added' && right.json !== undefined) { json = true; changes = [{ op: 'add', path: '$', after: right.json }]; }
  if (status === 'removed' && left.json !== undefined) { json = true; changes = [{ op: 'remove', path: '$', before: left.json }]; }
  if (opts.unified === false) return { file: name, status, json, changes, unified: '', work, ...(structuralSkipped ? { structuralSkipped } : {}) };
  const line = boundedLineDiff([`${la}/${name}`, `${lb}/${name}`], left.text, right.text, budget.lines);
  work.lineComparisons = line.comparisons;
  work.lineWork = line.charged;
  const why = line.reason === 'budget-spent' ? 'not compared line by line: this diff already spent its work budget on other files' : 'too many differences for a line diff';
  const unified = line.patch ?? `--- ${la}/${name}\n+++ ${lb}/${name}\n(${why})\n`;
  return { file: name, status, json, changes, unified, work, ...(structuralSkipped ? { structuralSkipped } : {}), ...(line.patch === undefined ? { lineDiffSkipped: true } : {}) };
}

/** Per-file diff of two config sets (config files only, in libcni order, then the rest by name), within one budget. */
export function diffConfigSets(a: readonly SnapshotFile[], b: readonly SnapshotFile[], opts: DiffOptions = {}): FileDiff[] {
  const left = new Map(configFiles(a).map((f) => [f.name, f]));
  const right = new Map(configFiles(b).map((f) => [f.name, f]));
  const names = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const shared = { ...opts, budget: opts.budget ?? diffBudget() };
  return names.map((n) => diffFile(n, left.get(n), right.get(n), shared));
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

