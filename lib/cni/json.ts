/**
 * A strict, bounded JSON parser for untrusted CNI config files.
 *
 * Why not JSON.parse: it recurses (a 100,000-level document throws
 * RangeError in V8), keeps the last of duplicate keys silently, reports no
 * line or column, and accepts a UTF-8 BOM once stripped, which Go's
 * encoding/json (what libcni uses) rejects. This parser is iterative with an
 * explicit depth bound, records duplicate keys and lossy numbers, builds
 * objects without a prototype (a `__proto__` key is plain data), and never
 * throws: every input gives a value or a positioned error. It also stops
 * at MAX_JSON_VALUES values: snapshot content is written by whoever can write
 * a ConfigMap, and every stage after the parse costs per value.
 * https://pkg.go.dev/encoding/json#Unmarshal
 */
import { MAX_JSON_VALUES } from './limits';

/** Deeper than any real CNI config (Multus nesting adds ~3 levels per wrap); far below stack limits. */
export const MAX_JSON_DEPTH = 256;
/** Input above this is refused unparsed: CNI configs are a few KB, snapshots cap files at 256 KiB. */
export const MAX_JSON_CHARS = 1_048_576;
/** Values in one document (lib/cni/limits.ts): what every later stage (analysis, diff, rendering) can afford. */
export { MAX_JSON_VALUES } from './limits';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** At runtime a null-prototype object. */
export interface JsonObject { [key: string]: JsonValue }

export type JsonErrorKind = 'syntax' | 'too-deep' | 'too-large' | 'binary' | 'bom';

export interface JsonIssue {
  kind: 'duplicate-key' | 'lossy-number';
  /** JSON path of the affected value, e.g. `$.plugins[0].type`. */
  path: string;
  line: number;
  column: number;
  detail: string;
}

export type JsonParseResult =
  | { ok: true; value: JsonValue; issues: JsonIssue[]; bom: boolean }
  | { ok: false; kind: JsonErrorKind; message: string; line: number; column: number };

/** 1-based line and column of a UTF-16 offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: end - lineStart + 1 };
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

type Frame =
  | { kind: 'arr'; value: JsonValue[] }
  | { kind: 'obj'; value: JsonObject; key: string; keys: Set<string> };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Failure {
  constructor(readonly kind: JsonErrorKind, readonly message: string, readonly offset: number) {}
}

function looksBinary(text: string): number {
  const probe = text.slice(0, 8192);
  const nul = probe.indexOf('\u0000');
  if (nul >= 0) return nul;
  let replacement = 0;
  for (let i = 0; i < probe.length; i++) if (probe.charCodeAt(i) === 0xfffd) replacement++;
  return probe.length > 0 && replacement / probe.length > 0.1 ? probe.indexOf('\ufffd') : -1;
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'unexpected end of input';
  const c = text[i]!;
  const shown = c < ' ' || c === '\ufffd' ? `U+${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `'${c}'`;
  return `unexpected character ${shown}`;
}

/** Parses strictly (RFC 8259, as Go does); never throws. */
export function parseJson(input: string): JsonParseResult {
  if (input.length > MAX_JSON_CHARS) {
    return { ok: false, kind: 'too-large', message: `${input.length} characters, over the ${MAX_JSON_CHARS} limit`, line: 1, column: 1 };
  }
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  const shift = bom ? 1 : 0;
  const binaryAt = looksBinary(text);
  if (binaryAt >= 0) {
    const pos = positionOf(input, binaryAt + shift);
    return { ok: false, kind: 'binary', message: 'binary data, not JSON text', ...pos };
  }
  try {
    const { value, issues } = parseText(text, (offset) => positionOf(input, offset + shift));
    return { ok: true, value, issues, bom };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { ok: false, kind: e.kind, message: e.message, ...positionOf(input, e.offset + shift) };
  }
}

function parseText(text: string, pos: (offset: number) => { line: number; column: number }): { value: JsonValue; issues: JsonIssue[] } {
  const n = text.length;
  const stack: Frame[] = [];
  const issues: JsonIssue[] = [];
  let i = 0;
  let root: JsonValue | undefined;
  let mode: 'value' | 'key' | 'after' = 'value';
  let values = 0;

  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const path = (): string => {
    let p = '$';
    for (const f of stack) p = f.kind === 'arr' ? childPath(p, f.value.length) : childPath(p, f.key);
    return p;
  };
  const complete = (v: JsonValue): void => {
    const top = stack[stack.length - 1];
    if (!top) root = v;
    else if (top.kind === 'arr') top.value.push(v);
    else top.value[top.key] = v; // null-prototype object: `__proto__` is an ordinary own key
    mode = 'after';
  };
  const readString = (): string => {
    const start = i;
    i++;
    let out = '';
    let chunk = i;
    while (true) {
      if (i >= n) throw new Failure('syntax', 'unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) { out += text.slice(chunk, i); i++; return out; }
      if (c < 32) throw new Failure('syntax', `control character U+${c.toString(16).padStart(4, '0')} in string`, i);
      if (c !== 92) { i++; continue; }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) { out += simple[e]; i += 2; }
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)); i += 6; }
      else throw new Failure('syntax', 'invalid escape in string', i);
      chunk = i;
    }
  };

  while (true) {
    ws();
    if (mode === 'value') {
      if (++values > MAX_JSON_VALUES) throw new Failure('too-large', `more than ${MAX_JSON_VALUES} values`, i);
      const c = text[i];
      if (c === '{' || c === '[') {
        if (stack.length >= MAX_JSON_DEPTH) throw new Failure('too-deep', `nesting deeper than ${MAX_JSON_DEPTH} levels`, i);
        i++;
        ws();
        if (c === '{') {
          if (text[i] === '}') { i++; complete(Object.create(null) as JsonObject); continue; }
          stack.push({ kind: 'obj', value: Object.create(null) as JsonObject, key: '', keys: new Set() });
          mode = 'key';
        } else {
          if (text[i] === ']') { i++; complete([]); continue; }
          stack.push({ kind: 'arr', value: [] });
        }
        continue;
      }
      if (c === '"') { complete(readString()); continue; }
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) throw new Failure('syntax', describe(text, i + 1), i + 1);
        const literal = m[0];
        const num = Number(literal);
        const integral = !/[.eE]/.test(literal);
        if (!Number.isFinite(num) || (integral && !Number.isSafeInteger(num))) {
          issues.push({ kind: 'lossy-number', path: path(), ...pos(i), detail: `${literal.length > 40 ? `${literal.slice(0, 40)}…` : literal} cannot be represented exactly` });
        }
        i += literal.length;
        complete(num);
        continue;
      }
      const literal = text.startsWith('true', i) ? true : text.startsWith('false', i) ? false : text.startsWith('null', i) ? null : undefined;
      if (literal === undefined) throw new Failure('syntax', describe(text, i), i);
      i += literal === null ? 4 : literal ? 4 : 5;
      complete(literal);
      continue;
    }
    if (mode === 'key') {
      const top = stack[stack.length - 1] as Extract<Frame, { kind: 'obj' }>;
      if (text[i] !== '"') throw new Failure('syntax', `${describe(text, i)}, expected a property name in double quotes`, i);
      const at = i;
      const key = readString();
      if (top.keys.has(key)) {
        top.key = key;
        issues.push({ kind: 'duplicate-key', path: path(), ...pos(at), detail: `key "${key.slice(0, 80)}" appears more than once; the last value wins` });
      }
      top.keys.add(key);
      top.key = key;
      ws();
      if (text[i] !== ':') throw new Failure('syntax', `${describe(text, i)}, expected ':'`, i);
      i++;
      mode = 'value';
      continue;
    }
    // mode === 'after'
    const top = stack[stack.length - 1];
    if (!top) {
      if (i < n) throw new Failure('syntax', `${describe(text, i)} after the JSON value`, i);
      return { value: root as JsonValue, issues };
    }
    const c = text[i];
    if (c === ',') { i++; mode = top.kind === 'obj' ? 'key' : 'value'; continue; }
    if ((c === '}' && top.kind === 'obj') || (c === ']' && top.kind === 'arr')) {
      i++;
      stack.pop();
      complete(top.value);
      continue;
    }
    throw new Failure('syntax', `${describe(text, i)}, expected ',' or '${top.kind === 'obj' ? '}' : ']'}'`, i);
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
