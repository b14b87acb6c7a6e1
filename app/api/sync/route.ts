import { access } from '@/lib/views/access';
import { jsonResponse } from '@/lib/views/respond';
import { syncView } from '@/lib/views/sync';

export const dynamic = 'force-dynamic';

/**
 * The cache's sync state (stale since when and why, kinds left out): read
 * straight from the informers, never from a precomputed view. It needs a
 * signed-in user like every route, but no read permission: it says how
 * fresh the dashboard is, not what the cluster holds.
 */
export async function GET(request: Request): Promise<Response> {
  const allowed = await access(request.headers, { read: false });
  if (!allowed.ok) return allowed.response;
  return jsonResponse(syncView(allowed.cache.sync()));
}
