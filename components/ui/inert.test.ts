import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inert, inertJson, inertLine } from './inert';

const INVISIBLE = [
  ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069], // bidi overrides and isolates
  ...[0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff], // zero-width
  0x00ad, 0x2028, 0x2029, // soft hyphen, line and paragraph separators
  0xe0000, 0xe0001, 0xe0041, 0xe007f, // tag characters
  0x00, 0x07, 0x1b, 0x7f, 0x80, 0x9b, 0x9f, // C0, DEL, C1 (CSI)
];

describe('inert', () => {
  it('shows terminal escapes and bidi controls as visible markers', () => {
    expect(inert('\u001b[31mred\u001b[0m')).toBe('⟨U+001B⟩[31mred⟨U+001B⟩[0m');
    expect(inert('access\u202e\u2066 // admin\u2069\u2066')).toBe('access⟨U+202E⟩⟨U+2066⟩ // admin⟨U+2069⟩⟨U+2066⟩');
    expect(inert('zero\u200bwidth')).toBe('zero⟨U+200B⟩width');
  });

  it.each(INVISIBLE.map((cp) => [cp.toString(16).toUpperCase().padStart(4, '0'), cp]))('makes U+%s visible, never drops it', (hex, cp) => {
    expect(inert(`a${String.fromCodePoint(cp as number)}b`)).toBe(`a⟨U+${hex}⟩b`);
  });

  it('shows a message hidden in tag characters, one marker per character', () => {
    const hidden = [...'rm -rf'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    expect(inert(`ok${hidden}`)).toBe('ok⟨U+E0072⟩⟨U+E006D⟩⟨U+E0020⟩⟨U+E002D⟩⟨U+E0072⟩⟨U+E0066⟩');
  });

  it('leaves ordinary text, newlines, tabs, emoji and non-Latin scripts alone', () => {
    const text = 'Failed to create pod sandbox:\n\t"<script>alert(1)</script>" – ошибка 失敗 🚀 café';
    expect(inert(text)).toBe(text);
  });

  it('makes newlines and tabs visible too in one-line places', () => {
    expect(inertLine('node\nname\tx')).toBe('node⟨U+000A⟩name⟨U+0009⟩x');
  });

  it('leaves no invisible or control character behind, whatever the input', () => {
    const hidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\u{e0000}-\u{e007f}]/u;
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(hidden.test(inert(s))).toBe(false);
      expect(/[\t\n]/.test(inertLine(s))).toBe(false);
    }), { numRuns: 1000 });
  });

  it('writes JSON whose invisible characters are escapes, and which parses back to the same value', () => {
    const value = { node: 'n\u202e1\u{e0041}', msg: 'a\u2028b\u001b[0m' };
    const text = inertJson(value);
    expect(text).not.toMatch(/[\u202e\u2028\u001b]|\u{e0041}/u);
    expect(text).toContain('n\\u202e1\\udb40\\udc41');
    expect(JSON.parse(text)).toEqual(value);
    fc.assert(fc.property(fc.jsonValue(), (v) => { expect(JSON.parse(inertJson(v))).toEqual(JSON.parse(JSON.stringify(v))); }), { numRuns: 300 });
  });
});
