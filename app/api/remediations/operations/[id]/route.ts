import { snapshotOperation } from '@/lib/remediation/operations';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Progress of one operation: steps, verification, outcome. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return errorResponse('bad-request', 'operation id must be a UUID');
  const op = snapshotOperation(id);
  return op ? jsonResponse(op) : errorResponse('not-found', 'no such operation on this server (operations are kept for an hour)');
}
