import { parseExportFormat, parseExportVerdicts } from '@/lib/api/exports';
import { access } from '@/lib/views/access';
import { nodesExport } from '@/lib/views/export';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * The nodes with the given verdicts (`?verdict=broken,degraded`, `all`;
 * broken by default) as CSV (default) or JSON, from the precomputed grid,
 * streamed and bounded. The same access decision as every read.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const verdicts = parseExportVerdicts(params);
  if (!verdicts.ok) return errorResponse('bad-request', verdicts.error);
  const format = parseExportFormat(params);
  if (!format.ok) return errorResponse('bad-request', format.error);
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return nodesExport(handle.cache, verdicts.value, format.value, Date.now());
}
