import { getClusterCache } from '@/lib/k8s/cache';
import { ignoredEvents } from '@/lib/k8s/project';
import { getGridStore } from '@/lib/views/grid';
import { streamStats } from '@/lib/views/live-stream';
import { renderMetrics } from '@/lib/views/metrics';
import { errorResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Prometheus scrape target: per-node verdicts, findings by rule, stuck pods, cache health. */
export async function GET(): Promise<Response> {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  const now = Date.now();
  const { body, contentType } = await renderMetrics(getGridStore(handle.cache).view(), now, Object.values(handle.cache.informers), { ignoredEvents: ignoredEvents(), stream: streamStats() });
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
