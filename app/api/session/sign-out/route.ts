import { z } from 'zod';
import { clearedSessionCookie, getSessionStore, sessionIdFromCookieHeader } from '@/lib/auth/sessions';
import { guardMutation } from '@/lib/views/guard';
import { jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Ends this browser's session (the token is forgotten) and clears its cookie. Idempotent. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, z.object({}).strict());
  if (!guarded.ok) return guarded.response;
  const id = sessionIdFromCookieHeader(request.headers.get('cookie'));
  if (id) getSessionStore().end(id);
  const res = jsonResponse({ signedOut: true });
  res.headers.append('set-cookie', clearedSessionCookie());
  return res;
}
