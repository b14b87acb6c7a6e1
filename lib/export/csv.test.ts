import { describe, expect, it } from 'vitest';
import { csvRows } from './csv';

describe('csvRows', () => {
  it('prefixes every cell a spreadsheet would run as a formula', () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', '＝1+1', 'fine'];
    expect(csvRows([hostile])).toBe(`"'=HYPERLINK(""http://evil"",""x"")",'+1+1,'-2+3,'@SUM(A1),⟨U+0009⟩TAB,⟨U+000D⟩CR,'＝1+1,fine\r\n`);
  });

  it('keeps each record on one line: newlines, escapes and bidi controls are shown, not obeyed', () => {
    const text = csvRows([['a\nb', 'x\u001b[31mred', 'abc\u202edcba', 'quote " and, comma']]);
    expect(text).toBe('a⟨U+000A⟩b,x⟨U+001B⟩[31mred,abc⟨U+202E⟩dcba,"quote "" and, comma"\r\n');
  });

  it('writes numbers, booleans and empty cells plainly', () => {
    expect(csvRows([['n', 3, undefined, true, -1]])).toBe('n,3,,true,-1\r\n');
  });
});
