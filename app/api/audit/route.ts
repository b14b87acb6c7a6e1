import { getClusterCache } from '@/lib/k8s/cache';
import { auditView } from '@/lib/remediation/audit';
import { errorResponse, jsonResponse } from '@/lib/views/respond';

export const dynamic = 'force-dynamic';

/** Past remediations, from their audit Events in the cluster (so they survive a server restart). */
export function GET(): Response {
  const handle = getClusterCache();
  if (!handle.ok) return errorResponse('unconfigured', handle.reason);
  return jsonResponse(auditView(handle.cache.informers.events.list()));
}
