import { previewRequestSchema } from '@/lib/api/remediation';
import { previewAction } from '@/lib/remediation/preview';
import { access, endedMeanwhile } from '@/lib/views/access';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * The plan, the user's permissions and a server-side dry run of every call.
 * POST because it sends dry-run writes to the API server; it changes nothing.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, previewRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const result = await previewAction(handle.cache, handle.user, guarded.body, process.env.CNI_HEALTH_NAMESPACE || 'cni-health');
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  if (ended) return ended;
  if (!result.ok) return errorResponse(result.code, result.error);
  return jsonResponse(result.preview);
}
