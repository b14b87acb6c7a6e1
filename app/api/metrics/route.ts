import { getClusterCache } from '@/lib/k8s/cache';
import { getGridStore } from '@/lib/views/grid';
import { renderMetrics } from '@/lib/views/metrics';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Prometheus scrape target: per-node verdicts, findings by rule, stuck pods, cache health. */
export async function GET(): Promise<Response> {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  const now = Date.now();
  const { body, contentType } = await renderMetrics(getGridStore(handle.cache).view(), now, Object.values(handle.cache.informers));
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
