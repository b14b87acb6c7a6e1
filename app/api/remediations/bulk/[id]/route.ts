import { snapshotBulk } from '@/lib/remediation/bulk-store';
import { access } from '@/lib/views/access';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Progress of a bulk repair, node by node. Signed-in users see their own only. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return errorResponse('bad-request', 'bulk operation id must be a UUID');
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  let op;
  try {
    op = await snapshotBulk(id);
  } catch (e) {
    return errorResponse('unavailable', `cannot read the bulk repair's record: ${(e as Error).message}`);
  }
  const mine = op && (!handle.user.readGated || op.user === handle.user.identity.user);
  return mine ? jsonResponse(op) : errorResponse('not-found', 'no such bulk repair (they are kept for an hour after they end)');
}
