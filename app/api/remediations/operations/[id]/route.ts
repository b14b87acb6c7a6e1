import { snapshotOperation } from '@/lib/remediation/operations';
import { access } from '@/lib/views/access';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Progress of one operation: steps, verification, outcome. Signed-in users see their own operations only. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return errorResponse('bad-request', 'operation id must be a UUID');
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const op = snapshotOperation(id);
  const mine = op && (!handle.user.readGated || op.user === handle.user.identity.user);
  return mine ? jsonResponse(op) : errorResponse('not-found', 'no such operation on this server (operations are kept for an hour)');
}
