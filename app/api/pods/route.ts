import { parsePodsListing } from '@/lib/api/pods';
import { buildPodsView } from '@/lib/views/pods';
import { errorResponse, jsonResponse } from '@/lib/views/respond';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** Stuck pods with their timelines and the per-node chart; `?node=`, `?signature=`, `?namespace=`, `?workload=` and `?q=` filter, `?sort=` and `?order=` order (lib/api/pods.ts). Read from the cache. */
export async function GET(request: Request): Promise<Response> {
  const filter = parsePodsListing(new URL(request.url).searchParams);
  if (!filter.ok) return errorResponse('bad-request', filter.error);
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return jsonResponse(buildPodsView(handle.cache, filter.value, Date.now()));
}
