import { describe, expect, it } from 'vitest';
import { parseJson, type JsonValue } from './json';
import fc from 'fast-check';
import { boundedJsonLines, jsonLines, parentPath, prettyWithin, printedSize } from './json-lines';

const parse = (v: unknown): JsonValue => {
  const r = parseJson(JSON.stringify(v));
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('jsonLines', () => {
  it('prints exactly like JSON.stringify with two spaces', () => {
    const v = { a: [1, { b: 'x', 'c d': [] }], e: {}, f: null };
    expect(jsonLines(parse(v)).map((l) => l.text).join('\n')).toBe(JSON.stringify(v, null, 2));
  });

  it('marks every line of an inserted subtree as one block', () => {
    const v = parse({ type: 'multus', delegates: [{ type: 'multus', delegates: [{ type: 'aws-cni' }] }] });
    const lines = jsonLines(v, new Map([['$.delegates[0]', 'added']]));
    const marked = lines.filter((l) => l.mark === 'added');
    expect(marked.map((l) => l.text.trim())).toEqual(['{', '"type": "multus",', '"delegates": [', '{', '"type": "aws-cni"', '}', ']', '}']);
    expect(marked.filter((l) => l.blockStart)).toHaveLength(1);
    expect(lines.find((l) => l.text.includes('"delegates": ['))?.mark).toBeUndefined();
  });

  it('marks a changed leaf alone', () => {
    const lines = jsonLines(parse({ a: 1, b: { c: 2 } }), new Map([['$.b.c', 'changed']]));
    expect(lines.filter((l) => l.mark).map((l) => l.text.trim())).toEqual(['"c": 2']);
  });
});

describe('parentPath', () => {
  it('walks up dotted, indexed and quoted segments', () => {
    expect(parentPath('$.a.b[2]')).toBe('$.a.b');
    expect(parentPath('$.a["x.y"]')).toBe('$.a');
    expect(parentPath('$.a')).toBe('$');
    expect(parentPath('$')).toBeUndefined();
  });
});

describe('printedSize', () => {
  it('counts exactly what JSON.stringify(value, null, 2) prints, and stops past the limit', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
      const value = parse(v);
      const printed = JSON.stringify(value, null, 2);
      expect(printedSize(value, Infinity)).toBe(printed.length);
      expect(prettyWithin(value, printed.length)).toBe(printed);
      if (printed.length > 1) expect(prettyWithin(value, printed.length - 1)).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('bounded lines never exceed their budget, and say when they stop early', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2_000 }), (v, maxLines, maxChars) => {
      const r = boundedJsonLines(parse(v), new Map(), { maxLines, maxChars });
      expect(r.lines.length).toBeLessThanOrEqual(maxLines);
      expect(r.lines.reduce((n, l) => n + l.text.length + l.path.length, 0)).toBeLessThanOrEqual(maxChars);
      if (!r.cut) expect(r.lines.map((l) => l.text).join('\n')).toBe(JSON.stringify(parse(v), null, 2));
    }), { numRuns: 300 });
  });
});
