import { parseExportFormat } from '@/lib/api/exports';
import { parsePodsListing } from '@/lib/api/pods';
import { access } from '@/lib/views/access';
import { podsExport } from '@/lib/views/export';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * Every stuck pod matching the /pods filters, in its order, as CSV (default)
 * or JSON, streamed and bounded (lib/export/stream.ts). The same access
 * decision as every read (lib/views/access.ts), read from the cache.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const listing = parsePodsListing(params);
  if (!listing.ok) return errorResponse('bad-request', listing.error);
  const format = parseExportFormat(params);
  if (!format.ok) return errorResponse('bad-request', format.error);
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return podsExport(handle.cache, listing.value, format.value, Date.now());
}
