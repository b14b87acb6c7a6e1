import { z } from 'zod';
import { clearedSessionCookie, getSessionStore, sessionIdFromCookieHeader } from '@/lib/auth/sessions';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Ends this browser's session on every replica (the token is forgotten) and clears its cookie. Idempotent. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, z.object({}).strict());
  if (!guarded.ok) return guarded.response;
  const id = sessionIdFromCookieHeader(request.headers.get('cookie'));
  let res = jsonResponse({ signedOut: true });
  try {
    if (id) await getSessionStore().end(id);
  } catch (e) {
    // Ended here, but the other replica would still honour it: say so, and let the user retry.
    res = errorResponse('unavailable', `signed out of this replica only: the session could not be removed from the cluster (${(e as Error).message}); sign out again`);
  }
  res.headers.append('set-cookie', clearedSessionCookie());
  return res;
}
