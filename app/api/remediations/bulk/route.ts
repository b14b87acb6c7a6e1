import { bulkExecuteRequestSchema } from '@/lib/api/bulk';
import { startBulk } from '@/lib/remediation/bulk';
import { access, endedMeanwhile } from '@/lib/views/access';
import { bulkFleet } from '@/lib/views/bulk-fleet';
import { bulkOffersView } from '@/lib/views/bulk-offers';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

const NAMESPACE = (): string => process.env.CNI_HEALTH_NAMESPACE || 'cni-health';

/** Findings that one node action repairs on several nodes: what the fleet page offers. */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const view = bulkOffersView(handle.cache, handle.user, NAMESPACE());
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  return ended ?? jsonResponse(view);
}

/** Executes a bulk preview this server recorded for this user, after the typed node count. 202 with the bulk operation to follow. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, bulkExecuteRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const started = await startBulk(handle.cache, bulkFleet(handle.cache), handle.user, guarded.body, NAMESPACE());
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  if (ended && !started.ok) return ended;
  if (!started.ok) return errorResponse(started.code, started.error);
  return Response.json(started.operation, { status: started.replayed ? 200 : 202, headers: { 'cache-control': 'no-store' } });
}
