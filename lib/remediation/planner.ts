/**
 * From an action id and the cluster's diagnosis to a plan: the one entry
 * point the routes call, for previews and executions alike.
 */
import { isMultusConfig } from '@/lib/cni/multus';
import type { ClusterDiagnosis, NodeDiagnosis } from '@/lib/health/diagnose';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { remediationInfo, type RemediationId } from './catalogue';
import { findMultusDaemonSet, planCleanupOnExit, planGuaranteedQos, planWaitForPrimary } from './daemonset-plans';
import { planCordon, planDeleteStuckPods, planRepairNodeCniConfig, planRestartMultusPod, type RequestContext } from './node-plans';
import { planRestartPrimaryCniPod } from './agent-plans';
import { addresses } from './fixes';
import type { Plan } from './plan';
import { planRecreatePartialPods } from './recreate-plans';

export interface PlanningState {
  diagnosis: ClusterDiagnosis;
  daemonsets: readonly DaemonSetModel[];
}

export interface PlanParams {
  cpu?: string;
  memory?: string;
  barePods?: string[];
}

export type PlanResult =
  | { ok: true; plan: Plan }
  | { ok: false; code: 'bad-request' | 'not-found'; error: string };

/** The primary CNI config file most nodes have (the first non-Multus config that loads). */
export function primaryConfigFile(nodes: readonly NodeDiagnosis[]): string | undefined {
  const counts = new Map<string, number>();
  for (const d of nodes) {
    const primary = d.config?.entries.find((e) => e.load.ok && e.json && !isMultusConfig(e.json));
    if (primary) counts.set(primary.name, (counts.get(primary.name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

export function planAction(action: string, node: string | undefined, state: PlanningState, params: PlanParams, req: RequestContext): PlanResult {
  const info = remediationInfo(action);
  if (!info) return { ok: false, code: 'bad-request', error: `unknown action "${action}"` };
  if (info.kind === 'advice') return { ok: false, code: 'bad-request', error: `"${info.title}" is advice, not an action the dashboard performs` };
  if (info.scope === 'node') {
    if (!node) return { ok: false, code: 'bad-request', error: `${action} needs a node` };
    const d = state.diagnosis.nodes.find((n) => n.node.name === node);
    if (!d) return { ok: false, code: 'not-found', error: `node "${node}" is not in the cluster` };
    return { ok: true, plan: planNode(info.id, d, params, req) };
  }
  const ds = findMultusDaemonSet(state.daemonsets);
  if (!ds) return { ok: false, code: 'not-found', error: 'no Multus DaemonSet found in the cluster' };
  switch (info.id) {
    case 'multus-guaranteed-qos':
      return { ok: true, plan: planGuaranteedQos(ds, params) };
    case 'multus-cleanup-on-exit':
      return { ok: true, plan: planCleanupOnExit(ds) };
    default:
      return { ok: true, plan: planWaitForPrimary(ds, primaryConfigFile(state.diagnosis.nodes)) };
  }
}

function planNode(id: RemediationId, d: NodeDiagnosis, params: PlanParams, req: RequestContext): Plan {
  switch (id) {
    case 'repair-node-cni-config':
      return planRepairNodeCniConfig(d, req);
    case 'restart-multus-pod':
      return planRestartMultusPod(d);
    case 'restart-primary-cni-pod':
      return planRestartPrimaryCniPod(d);
    case 'delete-stuck-pods':
      return planDeleteStuckPods(d, params.barePods);
    case 'recreate-partially-attached-pods':
      return planRecreatePartialPods(d);
    case 'uncordon-node':
      return planCordon(d, false);
    default:
      return planCordon(d, true);
  }
}

/** Which actions a node's page offers: those its findings point to, plus cordon or uncordon, plus deleting stuck pods when there are any. */
export function nodeActionIds(d: NodeDiagnosis): { id: RemediationId; fromFindings: string[] }[] {
  const out = new Map<RemediationId, string[]>();
  for (const f of d.findings) {
    for (const r of f.remediations) {
      const info = remediationInfo(r);
      // Never offered as the fix of a finding whose cause it does not address (fixes.ts).
      if (info?.scope === 'node' && addresses(r, f)) out.set(info.id, [...(out.get(info.id) ?? []), f.ruleId]);
    }
  }
  if (d.stuck.length > 0 && !out.has('delete-stuck-pods')) out.set('delete-stuck-pods', []);
  out.set(d.node.unschedulable ? 'uncordon-node' : 'cordon-node', []);
  return [...out].map(([id, fromFindings]) => ({ id, fromFindings: [...new Set(fromFindings)] }));
}

/** Cluster-wide actions the cluster findings point to (Multus DaemonSet hygiene). */
export function clusterActionIds(diagnosis: ClusterDiagnosis): { id: RemediationId; fromFindings: string[] }[] {
  const out = new Map<RemediationId, string[]>();
  for (const f of diagnosis.findings) {
    for (const r of f.remediations) {
      const info = remediationInfo(r);
      if (info?.scope === 'cluster') out.set(info.id, [...(out.get(info.id) ?? []), f.ruleId]);
    }
  }
  return [...out].map(([id, fromFindings]) => ({ id, fromFindings: [...new Set(fromFindings)] }));
}
