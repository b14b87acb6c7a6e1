import { executeRequestSchema } from '@/lib/api/remediation';
import { nodeNameSchema, describeIssue } from '@/lib/api/params';
import { startAction } from '@/lib/remediation/start';
import { access, endedMeanwhile } from '@/lib/views/access';
import { guardMutation } from '@/lib/views/guard';
import { remediationsView } from '@/lib/views/remediations';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

const NAMESPACE = (): string => process.env.CNI_HEALTH_NAMESPACE || 'cni-health';

/** The actions offered for a node (`?node=`) or the cluster, with preconditions and the user's permissions. */
export async function GET(request: Request): Promise<Response> {
  const raw = new URL(request.url).searchParams.get('node');
  let node: string | undefined;
  if (raw !== null) {
    const parsed = nodeNameSchema.safeParse(raw);
    if (!parsed.success) return errorResponse('bad-request', describeIssue(parsed.error));
    node = parsed.data;
  }
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const view = await remediationsView(handle.cache, handle.user, node, NAMESPACE());
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  if (ended) return ended;
  return view ? jsonResponse(view) : errorResponse('not-found', `node "${node}" is not in the cluster`);
}

/** Execute what this server previewed for this user (by its preview id), as that user. Answers 202 with the operation to follow. */
export async function POST(request: Request): Promise<Response> {
  const guarded = await guardMutation(request, executeRequestSchema);
  if (!guarded.ok) return guarded.response;
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const started = await startAction(handle.cache, handle.user, guarded.body);
  const ended = endedMeanwhile(handle.cache, handle.user, request.headers);
  if (ended && !started.ok) return ended;
  if (!started.ok) return errorResponse(started.code, started.error);
  return Response.json(started.operation, { status: started.replayed ? 200 : 202, headers: { 'cache-control': 'no-store' } });
}
