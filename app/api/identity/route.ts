import { z } from 'zod';
import { DEMO_USER_COOKIE } from '@/lib/k8s/user';
import { access } from '@/lib/views/access';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Who the dashboard acts as for this request, and in which sign-in mode. */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers, { read: false });
  if (!handle.ok) return handle.response;
  return jsonResponse(handle.user.identity);
}

const switchSchema = z.object({ user: z.enum(['admin', 'viewer']) }).strict();

/** Demo only: act as the demo cluster's admin or its read-only viewer. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, switchSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers, { read: false });
  if (!handle.ok) return handle.response;
  if (handle.user.identity.mode !== 'demo') return errorResponse('forbidden', 'switching identity exists only in the demo');
  const res = jsonResponse({ ...handle.user.identity, user: guarded.body.user });
  res.headers.append('set-cookie', `${DEMO_USER_COOKIE}=${guarded.body.user}; Path=/; HttpOnly; SameSite=Strict`);
  return res;
}
