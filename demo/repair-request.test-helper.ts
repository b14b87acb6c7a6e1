import { repairRequestConfigMap, unnestRequest, type RepairConfigMap } from '@/lib/remediation/protocol';

/** The request the dashboard's plan sends for this node's file as previewed, as a test builds it. */
export function repairRequestFor(node: string, content: string, sha: (s: string) => string): RepairConfigMap {
  const r = unnestRequest({ node, content, requestedBy: 'admin', requestedAt: new Date().toISOString(), reason: 'multus-nested-delegates' }, sha);
  if (!r.ok) throw new Error(r.reason);
  return repairRequestConfigMap(r.request, { suffix: Math.random().toString(36).slice(2, 7), sha256Hex: sha });
}
