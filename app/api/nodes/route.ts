import { getClusterCache } from '@/lib/k8s/cache';
import { buildGridView } from '@/lib/views/grid';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** The node grid: every node with its verdict, read from the cache (never a list against the API server). */
export function GET(): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return jsonResponse(buildGridView(handle.cache, Date.now()));
}
