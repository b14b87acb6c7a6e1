import type { NextRequest } from 'next/server';
import { parseDiffState } from '@/lib/api/diff';
import { getClusterCache } from '@/lib/k8s/cache';
import { buildDiffView } from '@/lib/views/diff';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/**
 * GET /api/diff?target=B[&base=A][&baseRev=N][&targetRev=M][&ignore=0]
 * Two nodes' CNI configs compared, from the cache; revisions pinned when given.
 */
export function GET(request: NextRequest): Response {
  const parsed = parseDiffState(request.nextUrl.searchParams);
  if (!parsed.ok) return errorResponse('bad-request', parsed.error);
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  const result = buildDiffView(handle.cache, parsed.state, Date.now());
  return result.ok ? jsonResponse(result.view) : errorResponse(result.code, result.error);
}
