/**
 * Untrusted text (event messages, file contents, pod messages) made visibly
 * inert. React already escapes HTML, so `<script>` shows as text; what it
 * does not touch are terminal escapes and Unicode bidi controls, which can
 * make text read differently from what it is ("Trojan Source",
 * CVE-2021-42574). Those are shown as visible ⟨U+XXXX⟩ markers instead.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function inert(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
