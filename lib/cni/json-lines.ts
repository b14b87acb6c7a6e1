/**
 * Pretty-printed JSON as lines, each tagged with the JSON path it belongs to
 * and the change that touches it (the nearest changed ancestor wins). This is
 * what lets the diff page paint an inserted subtree, such as a whole Multus
 * config wrapped into `delegates`, as one contiguous highlighted block.
 * Same layout as JSON.stringify(value, null, 2).
 */
import { childPath, isJsonObject, type JsonObject, type JsonValue } from './json';

export type LineMark = 'added' | 'removed' | 'changed';

export interface JsonLine {
  text: string;
  /** JSON path of the value (or member) this line belongs to. */
  path: string;
  mark?: LineMark;
  /** True on the first line of a run of lines sharing one changed path: where a block starts. */
  blockStart?: boolean;
}

/** The mark of `path`: its own, or its nearest marked ancestor's. */
function markOf(path: string, marks: ReadonlyMap<string, LineMark>): { mark: LineMark; at: string } | undefined {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const mark = marks.get(p);
    if (mark) return { mark, at: p };
  }
  return undefined;
}

/** `$.a.b[2]` → `$.a.b`; `$` → undefined. Handles `["quoted key"]` segments. */
export function parentPath(path: string): string | undefined {
  if (path === '$') return undefined;
  if (path.endsWith(']')) {
    const open = path.endsWith('"]') ? path.lastIndexOf('["') : path.lastIndexOf('[');
    return open > 0 ? path.slice(0, open) : undefined;
  }
  const dot = path.lastIndexOf('.');
  return dot > 0 ? path.slice(0, dot) : undefined;
}

/** Where to stop: lines and characters (text plus path) emitted; a cut output says what it left out. */
export interface LineBudget {
  maxLines: number;
  maxChars: number;
}

export interface JsonLinesResult {
  lines: JsonLine[];
  /** True when the budget ran out before the value was printed whole. */
  cut: boolean;
}

class Spent {}

/**
 * Pretty-printed lines of `value`, stopping once the budget is spent:
 * indentation and per-line paths make the printed form many times larger
 * than the document (see lib/cni/limits.ts), so the printer never builds
 * more than it may send.
 */
export function boundedJsonLines(value: JsonValue, marks: ReadonlyMap<string, LineMark>, budget: LineBudget): JsonLinesResult {
  const raw: Array<{ text: string; path: string }> = [];
  let chars = 0;
  const push = (text: string, path: string): void => {
    chars += text.length + path.length;
    if (raw.length >= budget.maxLines || chars > budget.maxChars) throw new Spent();
    raw.push({ text, path });
  };
  const emit = (v: JsonValue, path: string, indent: string, prefix: string, suffix: string): void => {
    if (Array.isArray(v) || isJsonObject(v)) {
      const keys: Array<string | number> = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      if (keys.length === 0) { push(`${indent}${prefix}${open}${close}${suffix}`, path); return; }
      push(`${indent}${prefix}${open}`, path);
      keys.forEach((key, i) => {
        const child = typeof key === 'number' ? (v as JsonValue[])[key]! : (v as JsonObject)[key]!;
        emit(child, childPath(path, key), `${indent}  `, typeof key === 'number' ? '' : `${JSON.stringify(key)}: `, i < keys.length - 1 ? ',' : '');
      });
      push(`${indent}${close}${suffix}`, path);
      return;
    }
    push(`${indent}${prefix}${JSON.stringify(v)}${suffix}`, path);
  };
  let cut = false;
  try {
    emit(value, '$', '', '', '');
  } catch (e) {
    if (!(e instanceof Spent)) throw e;
    cut = true;
  }
  let previousBlock: string | undefined;
  const lines = raw.map(({ text, path }) => {
    const m = markOf(path, marks);
    const line: JsonLine = { text, path };
    if (m) {
      line.mark = m.mark;
      if (m.at !== previousBlock) line.blockStart = true;
    }
    previousBlock = m?.at;
    return line;
  });
  return { lines, cut };
}

export function jsonLines(value: JsonValue, marks: ReadonlyMap<string, LineMark> = new Map()): JsonLine[] {
  return boundedJsonLines(value, marks, { maxLines: Infinity, maxChars: Infinity }).lines;
}

/**
 * Characters of `JSON.stringify(value, null, 2)`, counted without printing
 * and stopping once past `limit`: the printed form of a deep document is
 * many times its source (two spaces per level on every line).
 */
export function printedSize(value: JsonValue, limit: number): number {
  let size = 0;
  const stack: Array<[JsonValue, number]> = [[value, 0]];
  while (stack.length > 0 && size <= limit) {
    const [v, depth] = stack.pop()!;
    if (Array.isArray(v) || isJsonObject(v)) {
      const keys = Array.isArray(v) ? undefined : Object.keys(v);
      const n = keys ? keys.length : (v as JsonValue[]).length;
      size += n === 0 ? 2 : 2 + 2 * depth;
      if (keys) for (const k of keys) { size += 2 * (depth + 1) + JSON.stringify(k).length + 4; stack.push([(v as JsonObject)[k]!, depth + 1]); }
      else for (const item of v as JsonValue[]) { size += 2 * (depth + 1) + 2; stack.push([item, depth + 1]); }
    } else size += JSON.stringify(v).length;
  }
  return size;
}

/** `JSON.stringify(value, null, 2)`, or undefined when that would exceed `maxChars`. */
export function prettyWithin(value: JsonValue, maxChars: number): string | undefined {
  return printedSize(value, maxChars) > maxChars ? undefined : JSON.stringify(value, null, 2);
}
