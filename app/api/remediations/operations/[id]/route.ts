import { readOperation } from '@/lib/remediation/operations';
import { access } from '@/lib/views/access';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Progress of one operation, whichever replica runs it: steps, verification, outcome, audit. Signed-in users see their own operations only. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return errorResponse('bad-request', 'operation id must be a UUID');
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const op = await readOperation(id);
  const mine = op && (!handle.user.readGated || op.user === handle.user.identity.user);
  return mine ? jsonResponse(op) : errorResponse('not-found', 'no such operation (finished operations are kept for an hour)');
}
