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
  const lines: JsonLine[] = [];
  let chars = 0;
  let previousBlock: string | undefined;
  // The mark travels down with the printing (nearest marked ancestor wins), so no line walks its ancestors' paths.
  const push = (text: string, path: string, m: { mark: LineMark; at: string } | undefined): void => {
    chars += text.length + path.length;
    if (lines.length >= budget.maxLines || chars > budget.maxChars) throw new Spent();
    const line: JsonLine = { text, path };
    if (m) {
      line.mark = m.mark;
      if (m.at !== previousBlock) line.blockStart = true;
    }
    previousBlock = m?.at;
    lines.push(line);
  };
  const emit = (v: JsonValue, path: string, indent: string, prefix: string, suffix: string, inherited: { mark: LineMark; at: string } | undefined): void => {
    const own = marks.get(path);
    const m = own ? { mark: own, at: path } : inherited;
    if (Array.isArray(v)) {
      if (v.length === 0) { push(`${indent}${prefix}[]${suffix}`, path, m); return; }
      push(`${indent}${prefix}[`, path, m);
      const inner = `${indent}  `;
      for (let i = 0; i < v.length; i++) emit(v[i]!, childPath(path, i), inner, '', i < v.length - 1 ? ',' : '', m);
      push(`${indent}]${suffix}`, path, m);
      return;
    }
    if (isJsonObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) { push(`${indent}${prefix}{}${suffix}`, path, m); return; }
      push(`${indent}${prefix}{`, path, m);
      const inner = `${indent}  `;
      keys.forEach((key, i) => emit(v[key]!, childPath(path, key), inner, `${JSON.stringify(key)}: `, i < keys.length - 1 ? ',' : '', m));
      push(`${indent}}${suffix}`, path, m);
      return;
    }
    push(`${indent}${prefix}${JSON.stringify(v)}${suffix}`, path, m);
  };
  let cut = false;
  try {
    emit(value, '$', '', '', '', undefined);
  } catch (e) {
    if (!(e instanceof Spent)) throw e;
    cut = true;
  }
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
      if (keys) for (const k of keys) { size += 2 * (depth + 1) + JSON.stringify(k).length + 4; if (size > limit) break; stack.push([(v as JsonObject)[k]!, depth + 1]); }
      else for (const item of v as JsonValue[]) { size += 2 * (depth + 1) + 2; if (size > limit) break; stack.push([item, depth + 1]); }
    } else size += JSON.stringify(v).length;
  }
  return size;
}

/** `JSON.stringify(value, null, 2)`, or undefined when that would exceed `maxChars`. */
export function prettyWithin(value: JsonValue, maxChars: number): string | undefined {
  return printedSize(value, maxChars) > maxChars ? undefined : JSON.stringify(value, null, 2);
}
