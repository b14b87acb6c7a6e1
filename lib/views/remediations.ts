import 'server-only';
import type { ActionSummaryView, RemediationsView } from '@/lib/api/remediation';
import { diagnoseCluster } from '@/lib/health/diagnose';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { CATALOGUE, type RemediationId } from '@/lib/remediation/catalogue';
import { findMultusDaemonSet } from '@/lib/remediation/daemonset-plans';
import { adviceEquivalent, planCommands } from '@/lib/remediation/kubectl';
import { clusterActionIds, nodeActionIds, planAction } from '@/lib/remediation/planner';
import { daemonSetBlastRadius } from '@/lib/remediation/blast-radius';
import { checkPermission, sha256Hex } from '@/lib/remediation/preview';

/**
 * The buttons a page shows: every action that applies, each with whether
 * its preconditions hold and whether this user may do it (asked of the API
 * server as the user), so a button that cannot be used says why.
 */
export async function remediationsView(cache: ClusterCache, user: UserContext, node: string | undefined, namespace: string): Promise<RemediationsView | undefined> {
  const state = cache.state();
  const diagnosis = diagnoseCluster({ ...state, now: Date.now() });
  let ids: { id: RemediationId; fromFindings: string[] }[];
  if (node) {
    const d = diagnosis.nodes.find((n) => n.node.name === node);
    if (!d) return undefined;
    ids = nodeActionIds(d);
  } else {
    ids = clusterActionIds(diagnosis);
  }
  // Planning only to learn preconditions and the calls to check: nothing is sent.
  const req = { id: 'preview', at: new Date().toISOString(), by: user.identity.user, namespace, sha256Hex };
  const actions = await Promise.all(ids.map(async ({ id, fromFindings }): Promise<ActionSummaryView> => {
    const info = CATALOGUE[id];
    const base = { id, title: info.title, description: info.description, kind: info.kind, scope: info.scope, disruptive: info.disruptive, fromFindings };
    if (info.kind === 'advice') {
      const ds = findMultusDaemonSet(state.daemonsets);
      const kubectl = adviceEquivalent(id, { node, multusDaemonSet: ds ? { namespace: ds.namespace, name: ds.name } : undefined });
      return { ...base, target: { kind: info.scope === 'node' ? 'Node' : 'DaemonSet', name: node ?? '' }, permission: { allowed: false, reason: 'advice: done by hand', checks: [] }, kubectl };
    }
    const planned = planAction(id, node, { diagnosis, daemonsets: state.daemonsets }, {}, req);
    if (!planned.ok) return { ...base, target: { kind: info.scope === 'node' ? 'Node' : 'DaemonSet', name: node ?? '' }, blocked: planned.error, permission: { allowed: false, reason: 'not checked: the action cannot be planned', checks: [] } };
    const permission = user.mayMutate ? await checkPermission(user, planned.plan) : { allowed: false, reason: user.disabledReason, checks: [] };
    const { target } = planned.plan;
    const ds = target.kind === 'DaemonSet' && planned.plan.calls.some((c) => c.verb === 'patch') ? state.daemonsets.find((d) => d.namespace === target.namespace && d.name === target.name) : undefined;
    return { ...base, target, blocked: planned.plan.blocked, permission, kubectl: { commands: planCommands(planned.plan.calls, node) }, ...(ds ? { blastRadius: daemonSetBlastRadius(ds) } : {}) };
  }));
  return { enabled: user.mayMutate, disabledReason: user.disabledReason, identity: user.identity, actions };
}
