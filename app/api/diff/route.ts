import type { NextRequest } from 'next/server';
import { parseDiffState } from '@/lib/api/diff';
import { buildDiffView } from '@/lib/views/diff';
import { errorResponse, jsonResponse } from '@/lib/views/respond';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/**
 * GET /api/diff?target=B[&base=A][&baseRev=N][&targetRev=M][&ignore=0]
 * Two nodes' CNI configs compared, from the cache; revisions pinned when given.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const parsed = parseDiffState(request.nextUrl.searchParams);
  if (!parsed.ok) return errorResponse('bad-request', parsed.error);
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const result = buildDiffView(handle.cache, parsed.state, Date.now());
  return result.ok ? jsonResponse(result.view) : errorResponse(result.code, result.error);
}
