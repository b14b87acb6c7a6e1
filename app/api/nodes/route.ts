import { getGridStore } from '@/lib/views/grid';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/**
 * The node grid as full NodeViews, from the precomputed grid (never a list
 * against the API server, never a fleet-wide diagnosis per request). The UI
 * reads the compact /api/grid; this stays for scripts and integrations.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return new Response(getGridStore(handle.cache).viewJson(), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
