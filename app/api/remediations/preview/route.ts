import { getClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, userContext } from '@/lib/k8s/user';
import { previewRequestSchema } from '@/lib/api/remediation';
import { previewAction } from '@/lib/remediation/preview';
import { cookie, guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * The plan, the user's permissions and a server-side dry run of every call.
 * POST because it sends dry-run writes to the API server; it changes nothing.
 */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, previewRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  const user = userContext(handle.cache, cookie(request, DEMO_USER_COOKIE));
  const result = await previewAction(handle.cache, user, guarded.body, process.env.CNI_HEALTH_NAMESPACE || 'cni-health');
  if (!result.ok) return errorResponse(result.code, result.error);
  return jsonResponse(result.preview);
}
