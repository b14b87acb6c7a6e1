import { getGridStore } from '@/lib/views/grid';
import { renderMetrics } from '@/lib/views/metrics';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** Prometheus scrape target: per-node verdicts, findings by rule, stuck pods, cache health. */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  const now = Date.now();
  const { body, contentType } = await renderMetrics(getGridStore(handle.cache).view(), now, Object.values(handle.cache.informers));
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
