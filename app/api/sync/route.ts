import { getClusterCache } from '@/lib/k8s/cache';
import { errorResponse, jsonResponse } from '@/lib/views/respond';
import { syncView } from '@/lib/views/sync';

export const dynamic = 'force-dynamic';

/** The cache's sync state (stale since when and why, kinds left out): read straight from the informers, never from a precomputed view. */
export function GET(): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return jsonResponse(syncView(handle.cache.sync()));
}
