/**
 * Label and field selectors with the API server's grammar and semantics
 * (k8s.io/apimachinery/pkg/labels and pkg/fields). Pure: strings in, values out.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */

export class SelectorError extends Error {}

export type LabelOp = 'exists' | 'notexists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';
export interface LabelRequirement { key: string; op: LabelOp; values: string[] }
export interface FieldRequirement { field: string; op: '=' | '!='; value: string }

// A DNS-1123 subdomain prefix, then a name of at most 63 characters.
const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SYMBOLS = ['!=', '==', '=', '!', '(', ')', ',', '<', '>'];

type Token = { kind: 'ident'; text: string } | { kind: 'sym'; text: string } | { kind: 'end' };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i] ?? '')) { i++; continue; }
    const sym = SYMBOLS.find((s) => input.startsWith(s, i));
    if (sym) { tokens.push({ kind: 'sym', text: sym }); i += sym.length; continue; }
    let j = i;
    while (j < input.length && !/\s/.test(input[j] ?? '') && !SYMBOLS.some((s) => input.startsWith(s, j))) j++;
    tokens.push({ kind: 'ident', text: input.slice(i, j) });
    i = j;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

function checkKey(key: string): string {
  const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
  if (!KEY_RE.test(key) || name.length > 63 || key.length > 253 + 1 + 63) {
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'`);
  }
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !VALUE_RE.test(value)) {
    throw new SelectorError(`unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return value;
}

/** Parses `k=v,k!=v,k in (a,b),k notin (a),k,!k,k>1,k<5`; an empty string selects everything. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = lex(input);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { kind: 'end' };
  const next = (): Token => tokens[pos++] ?? { kind: 'end' };
  const expectIdent = (what: string): string => {
    const t = next();
    if (t.kind !== 'ident') throw new SelectorError(`unable to parse requirement: found '${t.kind === 'end' ? '' : t.text}', expected: ${what}`);
    return t.text;
  };
  const reqs: LabelRequirement[] = [];
  if (peek().kind === 'end') return reqs;
  for (;;) {
    const t = next();
    if (t.kind === 'sym' && t.text === '!') {
      reqs.push({ key: checkKey(expectIdent('identifier after \'!\'')), op: 'notexists', values: [] });
    } else if (t.kind === 'ident') {
      reqs.push(parseRest(checkKey(t.text)));
    } else {
      throw new SelectorError(`unable to parse requirement: found '${t.kind === 'end' ? '' : t.text}', expected: !, identifier, or 'end of string'`);
    }
    const after = next();
    if (after.kind === 'end') return reqs;
    if (after.kind !== 'sym' || after.text !== ',') throw new SelectorError(`found '${after.text}', expected: ',' or 'end of string'`);
  }

  function parseRest(key: string): LabelRequirement {
    const t = peek();
    if (t.kind === 'end' || (t.kind === 'sym' && t.text === ',')) return { key, op: 'exists', values: [] };
    next();
    if (t.kind === 'sym' && (t.text === '=' || t.text === '==' || t.text === '!=')) {
      const v = peek();
      const value = v.kind === 'ident' ? (next(), v.text) : '';
      return { key, op: t.text === '!=' ? '!=' : '=', values: [checkValue(value)] };
    }
    if (t.kind === 'sym' && (t.text === '<' || t.text === '>')) {
      const value = expectIdent('an integer');
      if (!/^-?\d+$/.test(value)) throw new SelectorError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, op: t.text === '>' ? 'gt' : 'lt', values: [value] };
    }
    if (t.kind === 'ident' && (t.text === 'in' || t.text === 'notin')) return { key, op: t.text, values: parseSet() };
    throw new SelectorError(`unable to parse requirement: found '${t.text}', expected: in, notin, =, ==, !=, gt, lt`);
  }

  function parseSet(): string[] {
    const open = next();
    if (open.kind !== 'sym' || open.text !== '(') throw new SelectorError(`unable to parse requirement: found '${open.kind === 'end' ? '' : open.text}', expected: '('`);
    const values: string[] = [];
    for (;;) {
      const t = peek();
      const value = t.kind === 'ident' ? (next(), t.text) : '';
      values.push(checkValue(value));
      const sep = next();
      if (sep.kind === 'sym' && sep.text === ')') break;
      if (sep.kind !== 'sym' || sep.text !== ',') throw new SelectorError(`unable to parse requirement: found '${sep.kind === 'end' ? '' : sep.text}', expected: ',', ')'`);
    }
    if (values.length === 1 && values[0] === '') throw new SelectorError('unable to parse requirement: for \'in\', \'notin\' operators, values set can\'t be empty');
    return values;
  }
}

export function matchesLabels(reqs: readonly LabelRequirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = has ? l[r.key] ?? '' : undefined;
    switch (r.op) {
      case 'exists': return has;
      case 'notexists': return !has;
      case '=': return v === r.values[0];
      // Real semantics: != and notin also select objects without the label.
      case '!=': return v !== r.values[0];
      case 'in': return v !== undefined && r.values.includes(v);
      case 'notin': return v === undefined || !r.values.includes(v);
      case 'gt':
      case 'lt': {
        if (v === undefined || !/^-?\d+$/.test(v)) return false;
        const a = Number(v);
        const b = Number(r.values[0]);
        return r.op === 'gt' ? a > b : a < b;
      }
    }
  });
}

function splitUnescaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i] ?? '';
    if (c === '\\' && i + 1 < input.length) { cur += c + (input[i + 1] ?? ''); i++; continue; }
    if (c === sep) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function unescapeValue(value: string): string {
  return value.replace(/\\(.?)/g, (_m, c: string) => {
    if (c === '\\' || c === ',' || c === '=') return c;
    throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
  });
}

/** Parses `a=b,c!=d,e==f` with `\,`, `\=` and `\\` escapes in values. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(input, ',')) {
    if (term === '') continue;
    let found: FieldRequirement | undefined;
    for (let i = 0; i < term.length && !found; i++) {
      if (term[i] === '\\') { i++; continue; }
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) {
          found = { field: term.slice(0, i), op: op === '!=' ? '!=' : '=', value: unescapeValue(term.slice(i + op.length)) };
          break;
        }
      }
    }
    if (!found) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`);
    reqs.push(found);
  }
  return reqs;
}

export function matchesFields(reqs: readonly FieldRequirement[], valueOf: (field: string) => string): boolean {
  return reqs.every((r) => (valueOf(r.field) === r.value) === (r.op === '='));
}
