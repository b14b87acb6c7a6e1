import { agentLogQuerySchema } from '@/lib/api/agent-log';
import { describeIssue, nodeNameSchema } from '@/lib/api/params';
import { access, endedMeanwhile } from '@/lib/views/access';
import { agentLogView } from '@/lib/views/agent-log';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** The tail of the node's primary CNI agent log (GET pods/log as the signed-in user); a user RBAC denies gets a `forbidden` state, not an error. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  const node = nodeNameSchema.safeParse((await params).name);
  if (!node.success) return errorResponse('bad-request', describeIssue(node.error));
  const url = new URL(request.url);
  const query = agentLogQuerySchema.safeParse({ previous: url.searchParams.get('previous') ?? undefined, tailLines: url.searchParams.get('tailLines') ?? undefined });
  if (!query.success) return errorResponse('bad-request', describeIssue(query.error));
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  try {
    const view = await agentLogView(handle.cache, handle.user, node.data, query.data, Date.now());
    const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
    if (ended) return ended;
    return view ? jsonResponse(view) : errorResponse('not-found', `node ${node.data} not found`);
  } catch (err) {
    return errorResponse('unavailable', `could not read the log: ${(err as Error).message}`);
  }
}
