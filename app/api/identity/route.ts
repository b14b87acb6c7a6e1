import { z } from 'zod';
import { getClusterCache } from '@/lib/k8s/cache';
import { DEMO_USER_COOKIE, userContext } from '@/lib/k8s/user';
import { cookie, guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return jsonResponse(userContext(handle.cache, cookie(request, DEMO_USER_COOKIE)).identity);
}

const switchSchema = z.object({ user: z.enum(['admin', 'viewer']) }).strict();

/** Demo only: act as the demo cluster's admin or its read-only viewer. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, switchSchema);
  if (!guarded.ok) return guarded.response;
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  if (!handle.cache.cluster.demo) return errorResponse('forbidden', 'switching identity exists only in the demo');
  const identity = userContext(handle.cache, guarded.body.user).identity;
  const res = jsonResponse(identity);
  res.headers.append('set-cookie', `${DEMO_USER_COOKIE}=${guarded.body.user}; Path=/; HttpOnly; SameSite=Strict`);
  return res;
}
