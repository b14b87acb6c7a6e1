import { nodeNameSchema, describeIssue } from '@/lib/api/params';
import { buildNodeDetail } from '@/lib/views/node-detail';
import { errorResponse, jsonResponse } from '@/lib/views/respond';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** One node in detail: verdict, findings, CNI files, history, Multus pod, stuck pods; from the cache. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }): Promise<Response> {
  const parsed = nodeNameSchema.safeParse((await params).name);
  if (!parsed.success) return errorResponse('bad-request', describeIssue(parsed.error));
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const result = buildNodeDetail(handle.cache, parsed.data, Date.now());
  if (!result.ok) return errorResponse(result.code, result.error);
  return jsonResponse(result.view);
}
