/**
 * An export as a streamed body: records encoded a batch at a time as the
 * client reads (pull), so a 150,000-row file never sits in memory as one
 * string, and a client that stops reading stops the work. Bounded by
 * EXPORT_MAX_ROWS; when more matched, the JSON says so and every format
 * carries the X-Export-Truncated header.
 */
import { inertJson } from '@/components/ui/inert';
import type { ExportFormat } from '@/lib/api/exports';
import { csvRows } from './csv';
import { toCells, toRecord, type Column } from './records';

export type { ExportFormat };

export const EXPORT_MAX_ROWS = 200_000;
const BATCH = 2_000;


export interface ExportSpec<T> {
  /** File name without extension, e.g. stuck-pods-2026-12-06T10-40-00Z. */
  name: string;
  format: ExportFormat;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  /** Extra fields of the JSON document (what was asked for, when). */
  meta: Record<string, unknown>;
}

export function exportBody<T>(spec: ExportSpec<T>): { body: ReadableStream<Uint8Array>; truncated: boolean } {
  const { columns, format } = spec;
  const truncated = spec.rows.length > EXPORT_MAX_ROWS;
  const rows = truncated ? spec.rows.slice(0, EXPORT_MAX_ROWS) : spec.rows;
  const encoder = new TextEncoder();
  let at = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        const head = format === 'csv'
          ? csvRows([columns.map((c) => c.key)])
          : `${inertJson({ ...spec.meta, columns: columns.map((c) => c.key), count: rows.length, truncated }, 0).slice(0, -1)},"items":[`;
        controller.enqueue(encoder.encode(head));
        return;
      }
      if (at >= rows.length) {
        if (format === 'json') controller.enqueue(encoder.encode(']}\n'));
        controller.close();
        return;
      }
      const batch = rows.slice(at, at + BATCH);
      const text = format === 'csv'
        ? csvRows(batch.map((r) => toCells(columns, r)))
        : batch.map((r, i) => `${at + i === 0 ? '' : ','}\n${inertJson(toRecord(columns, r), 0)}`).join('');
      at += batch.length;
      controller.enqueue(encoder.encode(text));
    },
  }, { highWaterMark: 1 });
  return { body, truncated };
}

export function exportResponse<T>(spec: ExportSpec<T>): Response {
  const { body, truncated } = exportBody(spec);
  return new Response(body, {
    headers: {
      'content-type': spec.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${spec.name}.${spec.format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-export-rows': String(Math.min(spec.rows.length, EXPORT_MAX_ROWS)),
      ...(truncated ? { 'x-export-truncated': 'true' } : {}),
    },
  });
}

/** A file-name-safe timestamp: 2026-12-06T10-40-00Z. */
export function stamp(now: number): string {
  return new Date(now).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
