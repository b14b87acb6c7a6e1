import { bulkPreviewRequestSchema } from '@/lib/api/bulk';
import { previewBulk } from '@/lib/remediation/bulk';
import { access, endedMeanwhile } from '@/lib/views/access';
import { bulkFleet } from '@/lib/views/bulk-fleet';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Every node's plan, the user's permissions and a dry run of every call. POST: it sends dry-run writes; it changes nothing. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, bulkPreviewRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const result = await previewBulk(bulkFleet(handle.cache), handle.user, guarded.body, process.env.CNI_HEALTH_NAMESPACE || 'cni-health');
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  if (ended) return ended;
  if (!result.ok) return errorResponse(result.code, result.error);
  return jsonResponse(result.preview);
}
