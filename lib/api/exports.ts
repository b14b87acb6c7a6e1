/** Contract of the export routes: GET /api/export/pods and /api/export/nodes. */
import { z } from 'zod';
import type { Verdict } from './views';
import { describeIssue } from './params';
import type { Parsed } from './pods';

export type ExportFormat = 'csv' | 'json';

const formatSchema = z.enum(['csv', 'json']).default('csv');
const VERDICTS = ['broken', 'degraded', 'unknown', 'healthy'] as const;
// `verdict=broken,degraded`, or `all`; broken nodes by default (what an incident exports).
const verdictsSchema = z
  .string()
  .max(64)
  .default('broken')
  .transform((v) => (v === 'all' ? [...VERDICTS] : v.split(',')))
  .pipe(z.array(z.enum(VERDICTS)).min(1));

export function parseExportFormat(params: URLSearchParams): Parsed<ExportFormat> {
  const r = formatSchema.safeParse(params.get('format') || undefined);
  return r.success ? { ok: true, value: r.data } : { ok: false, error: `format: ${describeIssue(r.error)}` };
}

export function parseExportVerdicts(params: URLSearchParams): Parsed<Verdict[]> {
  const r = verdictsSchema.safeParse(params.get('verdict') || undefined);
  return r.success ? { ok: true, value: [...new Set(r.data)] } : { ok: false, error: `verdict: ${describeIssue(r.error)}` };
}

export function nodesExportHref(verdicts: readonly Verdict[] | 'all', format: ExportFormat): string {
  return `/api/export/nodes?verdict=${verdicts === 'all' ? 'all' : verdicts.join(',')}&format=${format}`;
}
