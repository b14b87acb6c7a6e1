import { describe, expect, it } from 'vitest';
import { exportBody, exportResponse, stamp, EXPORT_MAX_ROWS } from './stream';
import type { Column } from './records';

interface Row { name: string; n: number }
const COLS: ReadonlyArray<Column<Row>> = [{ key: 'name', value: (r) => r.name }, { key: 'n', value: (r) => r.n }];
const rows = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ name: `pod-${i}`, n: i }));

async function text(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe('exportBody', () => {
  it('streams CSV with a header row, in the given order, across batches', async () => {
    const out = await text(exportBody({ name: 'x', format: 'csv', columns: COLS, rows: rows(4501), meta: {} }).body);
    const lines = out.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4502);
    expect(lines[0]).toBe('name,n');
    expect(lines[1]).toBe('pod-0,0');
    expect(lines.at(-1)).toBe('pod-4500,4500');
  });

  it('streams one JSON document: what was asked, the count, and the items', async () => {
    const out = await text(exportBody({ name: 'x', format: 'json', columns: COLS, rows: [{ name: 'a\u202eb', n: 1 }, { name: 'c', n: 2 }], meta: { kind: 'stuck-pods', filter: { q: 'a' } } }).body);
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(doc).toEqual({ kind: 'stuck-pods', filter: { q: 'a' }, columns: ['name', 'n'], count: 2, truncated: false, items: [{ name: 'a\u202eb', n: 1 }, { name: 'c', n: 2 }] });
    // The bidi override travels escaped: a terminal or viewer shows it instead of obeying it.
    expect(out).toContain('a\\u202eb');
    expect(JSON.parse(await text(exportBody({ name: 'x', format: 'json', columns: COLS, rows: [], meta: {} }).body))).toMatchObject({ count: 0, items: [] });
  });

  it('is bounded, and says when it was cut', async () => {
    const many = rows(EXPORT_MAX_ROWS + 3);
    const res = exportResponse({ name: 'stuck', format: 'csv', columns: COLS, rows: many, meta: {} });
    expect(res.headers.get('x-export-truncated')).toBe('true');
    expect(res.headers.get('x-export-rows')).toBe(String(EXPORT_MAX_ROWS));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="stuck.csv"');
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(EXPORT_MAX_ROWS + 1);
  });

  it('stamps file names without characters file systems refuse', () => {
    expect(stamp(Date.parse('2026-12-06T10:40:00.123Z'))).toBe('2026-12-06T10-40-00Z');
  });
});
