/**
 * CSV for people who open it in a spreadsheet. Cluster data is hostile
 * input (pod names, event messages): a cell starting with = + - @ tab or CR
 * is a formula to Excel, LibreOffice and Sheets (OWASP "CSV Injection"), so
 * csv-stringify's escape_formulas prefixes it with ', and the full-width
 * forms of those signs, which Excel also reads as formulas, get the same.
 * Control and invisible characters are shown as ⟨U+XXXX⟩ (the dashboard's
 * own rule, components/ui/inert.ts), so a cell is one line and reads as what
 * it holds. https://owasp.org/www-community/attacks/CSV_Injection
 */
import { stringify } from 'csv-stringify/sync';
import { inertLine } from '@/components/ui/inert';

const FULL_WIDTH_FORMULA = /^[\uFF1D\uFF0B\uFF0D\uFF20]/;

export type Cell = string | number | boolean | undefined;

/** Numbers are written as they are (a negative count is not a formula to a spreadsheet), booleans as true/false. */
export function safeCell(value: Cell): string | number {
  if (value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  const text = inertLine(String(value));
  return FULL_WIDTH_FORMULA.test(text) ? `'${text}` : text;
}

/** Rows as CSV text (RFC 4180 quoting, CRLF line ends as the RFC has them), every cell made safe. */
export function csvRows(rows: ReadonlyArray<readonly Cell[]>): string {
  return stringify(rows.map((r) => r.map(safeCell)), { escape_formulas: true, record_delimiter: 'windows' });
}
