/**
 * Untrusted text (node names, file names, JSON paths, event and pod
 * messages, file contents) made visibly inert, wherever cluster data is
 * shown: page text, headings, links, titles, aria-labels, diff headers, and
 * the terminal output of `npm run analyze`. React already escapes HTML, so
 * `<script>` shows as text; what it does not touch are characters that
 * change how text reads without being seen: bidi overrides and isolates
 * ("Trojan Source", CVE-2021-42574), zero-width and invisible formatting
 * characters, the soft hyphen, line and paragraph separators, Unicode tag
 * characters (which can hide a whole ASCII message), C0/C1 controls and so
 * ANSI escape sequences (ESC, CSI). Each is shown as a visible ⟨U+XXXX⟩
 * marker, never silently dropped, so what is on screen is what is there.
 * https://www.unicode.org/reports/tr9/ (bidi controls),
 * https://www.unicode.org/charts/PDF/UE0000.pdf (tags)
 */
const HIDDEN = new RegExp(
  [
    '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]', // C0 (not tab, newline), DEL, C1 (incl. CSI U+009B)
    '[\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u3164\\uffa0]', // soft hyphen, fillers, invisible joiners
    '[\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufe00-\\ufe0f\\ufeff\\ufff9-\\ufffb]', // zero-width, separators, bidi, invisible operators, variation selectors, BOM
    '[\\u{e0000}-\\u{e007f}\\u{e0100}-\\u{e01ef}\\u{1d173}-\\u{1d17a}]', // tag characters, variation selectors supplement, musical format controls
    '[\\ud800-\\udfff]', // a lone surrogate (a pair is matched as one code point above or left alone)
  ].join('|'),
  'gu',
);

/** Newlines and tabs are kept for multi-line text (file contents, messages); `oneLine` shows them too. */
export function inert(text: string, opts: { oneLine?: boolean } = {}): string {
  const marked = text.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
  return opts.oneLine ? marked.replace(/[\t\n]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`) : marked;
}

/** For one-line places (names, headings, labels, titles, attributes): every control made visible, tabs and newlines too. */
export const inertLine = (text: string): string => inert(text, { oneLine: true });

/**
 * JSON text with every character `inert` would mark written as a \\u
 * escape: the same value once parsed, but a terminal shows it instead of
 * obeying it (JSON.stringify leaves U+2028, bidi controls, C1 and tag
 * characters raw). For machine-readable output such as `analyze --json`.
 */
export function inertJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(value, null, indent).replace(HIDDEN, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
