import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_CHARS, MAX_JSON_DEPTH, parseJson, positionOf } from './json';

describe('parseJson', () => {
  it('agrees with JSON.parse on valid documents', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v);
      const res = parseJson(text);
      expect(res.ok).toBe(true);
      if (res.ok) expect(JSON.stringify(res.value)).toBe(JSON.stringify(JSON.parse(text)));
    }), { numRuns: 300 });
  });

  it('never throws, whatever the input, and always says ok or where it failed', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1))), (s) => {
      const res = parseJson(s);
      if (!res.ok) {
        expect(res.line).toBeGreaterThanOrEqual(1);
        expect(res.column).toBeGreaterThanOrEqual(1);
        expect(res.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: 500 });
  });

  it('rejects exactly what JSON.parse rejects, BOM aside', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12, unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', ' ', 'true', 'null', '-', '.', 'e') }), (s) => {
      let native = true;
      try { JSON.parse(s); } catch { native = false; }
      expect(parseJson(s).ok).toBe(native);
    }), { numRuns: 1000 });
  });

  it('reports the line and column of a syntax error', () => {
    const res = parseJson('{\n  "a": 1,\n  "b": }');
    expect(res).toMatchObject({ ok: false, kind: 'syntax', line: 3, column: 8 });
  });

  it('bounds nesting 100,000 levels deep without a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJson(deep)).toMatchObject({ ok: false, kind: 'too-deep', line: 1, column: MAX_JSON_DEPTH + 1 });
    const objects = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    expect(parseJson(objects)).toMatchObject({ ok: false, kind: 'too-deep' });
  });

  it('accepts nesting up to the bound', () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(parseJson(ok).ok).toBe(true);
  });

  it('refuses oversized input without scanning it', () => {
    expect(parseJson(' '.repeat(MAX_JSON_CHARS + 1))).toMatchObject({ ok: false, kind: 'too-large' });
  });

  it('records duplicate keys with their path and position; the last value wins, as in Go', () => {
    const res = parseJson('{"plugins": [{"type": "a", "type": "b"}]}');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.issues).toEqual([expect.objectContaining({ kind: 'duplicate-key', path: '$.plugins[0].type', line: 1, column: 28 })]);
    expect(JSON.stringify(res.value)).toBe('{"plugins":[{"type":"b"}]}');
  });

  it('keeps __proto__ as data and never touches prototypes', () => {
    const res = parseJson('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const v = res.value as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(v)).toBeNull();
  });

  it('flags numbers Go cannot hold exactly, and does not choke on them', () => {
    const res = parseJson('{"mtu": 1e400, "id": 123456789012345678901234567890, "ok": 9001}');
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.issues.map((i) => i.path)).toEqual(['$.mtu', '$.id']);
  });

  it('notes a byte-order mark and parses past it', () => {
    expect(parseJson('\uFEFF{"type":"bridge"}')).toMatchObject({ ok: true, bom: true });
  });

  it('calls binary garbage binary', () => {
    expect(parseJson('\u0000\u0001\u0002ELF')).toMatchObject({ ok: false, kind: 'binary' });
    expect(parseJson('\uFFFD\uFFFD\uFFFD{}')).toMatchObject({ ok: false, kind: 'binary' });
  });

  it('rejects what Go rejects: trailing commas, comments, single quotes, control characters', () => {
    for (const bad of ['{"a":1,}', '[1,]', '{"a":1} // c', "{'a':1}", '{"a":"x\u0001"}', '', '   ', '01', '{"a":1}{}']) {
      expect(parseJson(bad).ok).toBe(false);
    }
  });
});

describe('positionOf', () => {
  it('counts lines and columns from 1', () => {
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(positionOf('', 0)).toEqual({ line: 1, column: 1 });
  });
});
