import { describe, expect, it } from 'vitest';
import { inert } from './inert';

describe('inert', () => {
  it('shows terminal escapes and bidi controls as visible markers', () => {
    expect(inert('\u001b[31mred\u001b[0m')).toBe('⟨U+001B⟩[31mred⟨U+001B⟩[0m');
    expect(inert('access\u202e\u2066 // admin\u2069\u2066')).toBe('access⟨U+202E⟩⟨U+2066⟩ // admin⟨U+2069⟩⟨U+2066⟩');
    expect(inert('zero\u200bwidth')).toBe('zero⟨U+200B⟩width');
  });

  it('leaves ordinary text, newlines, tabs and non-Latin scripts alone', () => {
    const text = 'Failed to create pod sandbox:\n\t"<script>alert(1)</script>" – ошибка 失敗';
    expect(inert(text)).toBe(text);
  });
});
