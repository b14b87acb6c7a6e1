import 'server-only';
import { childPath, isJsonObject, type JsonValue } from '@/lib/cni/json';

/** 1-based, inclusive line numbers in the pretty-printed text. */
export interface LineRange {
  start: number;
  end: number;
}

export interface PrettyJson {
  /** Exactly `JSON.stringify(value, null, 2)`. */
  text: string;
  /** Line range of each requested path that exists in the value. */
  ranges: Map<string, LineRange>;
}

/**
 * Pretty-prints a JSON value the way `JSON.stringify(value, null, 2)` does
 * and records where each requested JSON path (in lib/cni/json's `childPath`
 * notation, the one findings' evidence uses) lands, so a finding about
 * `$.delegates[0]` can highlight that subtree's lines. Recursion is bounded
 * by the strict parser's depth limit (MAX_JSON_DEPTH), which produced the value.
 */
export function prettyJson(value: JsonValue, wanted: Iterable<string> = []): PrettyJson {
  const want = new Set(wanted);
  const lines: string[] = [];
  const ranges = new Map<string, LineRange>();

  const emit = (v: JsonValue, path: string, lead: string, depth: number, comma: string): void => {
    const pad = '  '.repeat(depth);
    const start = lines.length + 1;
    if (Array.isArray(v) && v.length > 0) {
      lines.push(`${pad}${lead}[`);
      v.forEach((item, i) => emit(item, childPath(path, i), '', depth + 1, i < v.length - 1 ? ',' : ''));
      lines.push(`${pad}]${comma}`);
    } else if (isJsonObject(v) && Object.keys(v).length > 0) {
      const keys = Object.keys(v);
      lines.push(`${pad}${lead}{`);
      keys.forEach((k, i) => emit(v[k]!, childPath(path, k), `${JSON.stringify(k)}: `, depth + 1, i < keys.length - 1 ? ',' : ''));
      lines.push(`${pad}}${comma}`);
    } else {
      lines.push(`${pad}${lead}${Array.isArray(v) ? '[]' : isJsonObject(v) ? '{}' : JSON.stringify(v)}${comma}`);
    }
    if (want.has(path)) ranges.set(path, { start, end: lines.length });
  };

  emit(value, '$', '', 0, '');
  return { text: lines.join('\n'), ranges };
}
