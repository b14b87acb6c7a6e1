import { bulkCancelRequestSchema } from '@/lib/api/bulk';
import { requestCancel } from '@/lib/remediation/bulk-store';
import { access } from '@/lib/views/access';
import { guardMutation } from '@/lib/views/guard';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Starts no new node; those in flight finish (a half-done repair is worse than a finished one). Its own user only. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return errorResponse('bad-request', 'bulk operation id must be a UUID');
  const guarded = await guardMutation(request, bulkCancelRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  let op;
  try {
    op = await requestCancel(id, handle.user.identity.user);
  } catch (e) {
    return errorResponse('unavailable', `cannot record the cancel: ${(e as Error).message}`);
  }
  return op ? jsonResponse(op) : errorResponse('not-found', 'no such bulk repair of yours');
}
