import { ignoredEvents } from '@/lib/k8s/project';
import { getGridStore } from '@/lib/views/grid';
import { streamStats } from '@/lib/views/live-stream';
import { renderMetrics } from '@/lib/views/metrics';
import { access } from '@/lib/views/access';
import { scrapeAccess } from '@/lib/views/scrape-access';

export const dynamic = 'force-dynamic';

/**
 * Prometheus scrape target: per-node verdicts, findings by rule, stuck pods,
 * cache health. A scraper sends its service account token and needs `get`
 * on /metrics (lib/auth/scrape.ts); a person needs what every view needs.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = (await scrapeAccess(request.headers)) ?? (await access(request.headers));
  if (!handle.ok) return handle.response;
  const now = Date.now();
  const { body, contentType } = await renderMetrics(getGridStore(handle.cache).view(), now, Object.values(handle.cache.informers), { ignoredEvents: ignoredEvents(), stream: streamStats() });
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
