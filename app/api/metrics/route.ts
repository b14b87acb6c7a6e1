import { ignoredEvents } from '@/lib/k8s/project';
import { getGridStore } from '@/lib/views/grid';
import { streamStats } from '@/lib/views/live-stream';
import { renderMetrics } from '@/lib/views/metrics';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** Prometheus scrape target: per-node verdicts, findings by rule, stuck pods, cache health. */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const now = Date.now();
  const { body, contentType } = await renderMetrics(getGridStore(handle.cache).view(), now, Object.values(handle.cache.informers), { ignoredEvents: ignoredEvents(), stream: streamStats() });
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
