import { getClusterCache } from '@/lib/k8s/cache';
import { getGridStore } from '@/lib/views/grid';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * The node grid as full NodeViews, from the precomputed grid (never a list
 * against the API server, never a fleet-wide diagnosis per request). The UI
 * reads the compact /api/grid; this stays for scripts and integrations.
 */
export function GET(): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return new Response(getGridStore(handle.cache).viewJson(), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
