import { auditView } from '@/lib/remediation/audit';
import { jsonResponse } from '@/lib/views/respond';
import { access } from '@/lib/views/access';

export const dynamic = 'force-dynamic';

/** Past remediations, from the audit Events this dashboard wrote into its namespace (so they survive a server restart). */
export async function GET(request: Request): Promise<Response> {
  const handle = await access(request.headers);
  if (!handle.ok) return handle.response;
  return jsonResponse(auditView(handle.cache.informers.events.list(), process.env.CNI_HEALTH_NAMESPACE || 'cni-health'));
}
