import { access } from '@/lib/views/access';
import { jsonResponse } from '@/lib/views/respond';
import { syncView } from '@/lib/views/sync';

export const dynamic = 'force-dynamic';

/**
 * The cache's sync state (stale since when and why, kinds left out): read
 * straight from the informers, never from a precomputed view. It needs read
 * access like every view: its reasons name the API server, its errors and
 * the kinds the dashboard may not list.
 */
export async function GET(request: Request): Promise<Response> {
  const allowed = await access(request.headers);
  if (!allowed.ok) return allowed.response;
  return jsonResponse(syncView(allowed.cache.sync()));
}
