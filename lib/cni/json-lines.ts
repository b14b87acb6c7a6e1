/**
 * Pretty-printed JSON as lines, each tagged with the JSON path it belongs to
 * and the change that touches it (the nearest changed ancestor wins). This is
 * what lets the diff page paint an inserted subtree, such as a whole Multus
 * config wrapped into `delegates`, as one contiguous highlighted block.
 * Same layout as JSON.stringify(value, null, 2).
 */
import { childPath, isJsonObject, type JsonValue } from './json';

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

export function jsonLines(value: JsonValue, marks: ReadonlyMap<string, LineMark> = new Map()): JsonLine[] {
  const raw: Array<{ text: string; path: string }> = [];
  const emit = (v: JsonValue, path: string, indent: string, prefix: string, suffix: string): void => {
    if (Array.isArray(v) || isJsonObject(v)) {
      const entries: Array<[string, string | number, JsonValue]> = Array.isArray(v)
        ? v.map((item, i) => ['', i, item])
        : Object.keys(v).map((k) => [`${JSON.stringify(k)}: `, k, v[k]!]);
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) { raw.push({ text: `${indent}${prefix}${open}${close}${suffix}`, path }); return; }
      raw.push({ text: `${indent}${prefix}${open}`, path });
      entries.forEach(([label, key, child], i) => emit(child, childPath(path, key), `${indent}  `, label, i < entries.length - 1 ? ',' : ''));
      raw.push({ text: `${indent}${close}${suffix}`, path });
      return;
    }
    raw.push({ text: `${indent}${prefix}${JSON.stringify(v)}${suffix}`, path });
  };
  emit(value, '$', '', '', '');
  let previousBlock: string | undefined;
  return raw.map(({ text, path }) => {
    const m = markOf(path, marks);
    const line: JsonLine = { text, path };
    if (m) {
      line.mark = m.mark;
      if (m.at !== previousBlock) line.blockStart = true;
    }
    previousBlock = m?.at;
    return line;
  });
}
