import { access } from '@/lib/views/access';
import { getGridStore } from '@/lib/views/grid';
import { probeMeshView } from '@/lib/views/probe-mesh';
import { jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** The probe mesh's node × node matrix (at most 50 × 50 cells), under the same access decision as every read. */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return jsonResponse(probeMeshView(handle.cache, Date.now(), getGridStore(handle.cache).fleet.probes.proberPodList()));
}
