import { parsePodsFilter } from '@/lib/api/pods';
import { getClusterCache } from '@/lib/k8s/cache';
import { buildPodsView } from '@/lib/views/pods';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Stuck pods with their timelines and the per-node chart; `?node=` and `?signature=` filter. Read from the cache. */
export function GET(request: Request): Response {
  const filter = parsePodsFilter(new URL(request.url).searchParams);
  if (!filter.ok) return errorResponse('bad-request', filter.error);
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return jsonResponse(buildPodsView(handle.cache, filter.value, Date.now()));
}
