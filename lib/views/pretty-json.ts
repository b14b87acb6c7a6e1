import 'server-only';
import { childPath, isJsonObject, type JsonValue } from '@/lib/cni/json';
import type { LineBudget } from '@/lib/cni/json-lines';

/** 1-based, inclusive line numbers in the pretty-printed text. */
export interface LineRange {
  start: number;
  end: number;
}

export interface PrettyJson {
  /** Exactly `JSON.stringify(value, null, 2)`. */
  text: string;
  /** Line range of each requested path that exists in the value (and ends before a cut). */
  ranges: Map<string, LineRange>;
  /** True when the budget ran out: `text` is the beginning of the printed value. */
  cut: boolean;
  lineCount: number;
}

class Spent {}

/**
 * Pretty-prints a JSON value the way `JSON.stringify(value, null, 2)` does
 * and records where each requested JSON path (in lib/cni/json's `childPath`
 * notation, the one findings' evidence uses) lands, so a finding about
 * `$.delegates[0]` can highlight that subtree's lines. Recursion is bounded
 * by the strict parser's depth limit (MAX_JSON_DEPTH), which produced the value;
 * output by `budget` (printing stops there, see lib/cni/limits.ts).
 */
export function prettyJson(value: JsonValue, wanted: Iterable<string> = [], budget: LineBudget = { maxLines: Infinity, maxChars: Infinity }): PrettyJson {
  const want = new Set(wanted);
  const lines: string[] = [];
  const ranges = new Map<string, LineRange>();
  let chars = 0;
  const push = (line: string): void => {
    chars += line.length + 1;
    if (lines.length >= budget.maxLines || chars > budget.maxChars) throw new Spent();
    lines.push(line);
  };

  const emit = (v: JsonValue, path: string, lead: string, depth: number, comma: string): void => {
    const pad = '  '.repeat(depth);
    const start = lines.length + 1;
    if (Array.isArray(v) && v.length > 0) {
      push(`${pad}${lead}[`);
      v.forEach((item, i) => emit(item, childPath(path, i), '', depth + 1, i < v.length - 1 ? ',' : ''));
      push(`${pad}]${comma}`);
    } else if (isJsonObject(v) && Object.keys(v).length > 0) {
      const keys = Object.keys(v);
      push(`${pad}${lead}{`);
      keys.forEach((k, i) => emit(v[k]!, childPath(path, k), `${JSON.stringify(k)}: `, depth + 1, i < keys.length - 1 ? ',' : ''));
      push(`${pad}}${comma}`);
    } else {
      push(`${pad}${lead}${Array.isArray(v) ? '[]' : isJsonObject(v) ? '{}' : JSON.stringify(v)}${comma}`);
    }
    if (want.has(path)) ranges.set(path, { start, end: lines.length });
  };

  let cut = false;
  try {
    emit(value, '$', '', 0, '');
  } catch (e) {
    if (!(e instanceof Spent)) throw e;
    cut = true;
  }
  return { text: lines.join('\n'), ranges, cut, lineCount: lines.length };
}
