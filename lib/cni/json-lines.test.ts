import { describe, expect, it } from 'vitest';
import { parseJson, type JsonValue } from './json';
import { jsonLines, parentPath } from './json-lines';

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
