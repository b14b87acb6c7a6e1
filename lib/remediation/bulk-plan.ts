/**
 * Bulk repair: one node action applied to every node that has one finding.
 * Pure: which findings can be repaired in bulk, the plan of each node, and
 * the re-check just before a node's turn. Each node's plan is the same plan
 * its own page would preview (planAction), so the single-node rules hold.
 */
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import { remediationInfo, type RemediationId } from './catalogue';
import type { RequestContext } from './node-plans';
import type { Plan } from './plan';
import { planAction } from './planner';

/** At most this many nodes in one bulk operation (a 5,000-node fleet at 2% is 100); the rest wait for the next one. */
export const MAX_BULK_NODES = 1_000;
/** A bulk offer needs at least this many nodes: one node is repaired from its own page. */
export const MIN_BULK_NODES = 2;

export interface BulkOffer {
  ruleId: string;
  /** The finding's title on most of its nodes. */
  findingTitle: string;
  action: RemediationId;
  actionTitle: string;
  /** Nodes with the finding whose plan is not blocked. */
  count: number;
  /** Nodes with the finding whose plan is blocked (not repaired in bulk). */
  blocked: number;
}

/** The node action a finding names first: the rule's order is its preference. Advice and cluster actions are not node repairs. */
export function bulkActionFor(remediations: readonly string[]): RemediationId | undefined {
  for (const r of remediations) {
    const info = remediationInfo(r);
    if (info?.kind === 'action' && info.scope === 'node') return info.id;
  }
  return undefined;
}

function planOne(d: NodeDiagnosis, action: RemediationId, req: RequestContext): Plan | undefined {
  const r = planAction(action, d.node.name, { diagnosis: { nodes: [d], findings: [], variants: [] }, daemonsets: [] }, {}, req);
  return r.ok ? r.plan : undefined;
}

/**
 * Findings that break several nodes (severity error: a warning such as
 * config drift can sit on healthy nodes, where a repair has nothing to fix)
 * and that one node action repairs, largest first. Two findings that name the same action on the same nodes (a
 * self-nested config and the sandbox failures it causes) are one offer, the
 * more specific finding's: the one naming fewer fixes (a symptom such as
 * failing sandboxes names its cause's fixes and its own). `req` only lets
 * plans be built: nothing is sent.
 */
export function bulkOffers(nodes: Iterable<NodeDiagnosis>, req: RequestContext): BulkOffer[] {
  type Entry = { ruleId: string; action: RemediationId; fixes: number; titles: Map<string, number>; nodes: string[]; blocked: number };
  const by = new Map<string, Entry>();
  for (const d of nodes) {
    for (const f of d.findings) {
      if (f.severity !== 'error') continue;
      const action = bulkActionFor(f.remediations);
      if (!action) continue;
      const key = `${f.ruleId}\u0000${action}`;
      const entry = by.get(key) ?? { ruleId: f.ruleId, action, fixes: f.remediations.length, titles: new Map<string, number>(), nodes: [], blocked: 0 };
      by.set(key, entry);
      if (entry.titles.has(f.title) || entry.titles.size < 50) entry.titles.set(f.title, (entry.titles.get(f.title) ?? 0) + 1);
      if (planOne(d, action, req)?.blocked === undefined) entry.nodes.push(d.node.name);
      else entry.blocked++;
    }
  }
  const same = new Map<string, Entry>();
  for (const e of by.values()) {
    if (e.nodes.length < MIN_BULK_NODES) continue;
    const key = `${e.action}\u0000${[...e.nodes].sort().join('\u0000')}`;
    const kept = same.get(key);
    if (!kept || e.fixes < kept.fixes || (e.fixes === kept.fixes && e.ruleId < kept.ruleId)) same.set(key, e);
  }
  return [...same.values()]
    .map((e) => ({
      ruleId: e.ruleId,
      findingTitle: [...e.titles].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      action: e.action,
      actionTitle: remediationInfo(e.action)!.title,
      count: e.nodes.length,
      blocked: e.blocked,
    }))
    .sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

export interface BulkNodePlan { node: string; plan: Plan; req: RequestContext }

export interface BulkPlan {
  ruleId: string;
  action: RemediationId;
  /** Nodes to repair, by name. */
  nodes: BulkNodePlan[];
  /** Nodes with the finding left out, with why (a blocked plan, past the limit). */
  excluded: Array<{ node: string; why: string }>;
  /** What the user types to confirm: the number of nodes. */
  confirmText: string;
  warnings: string[];
}

export type BulkPlanResult = { ok: true; plan: BulkPlan } | { ok: false; code: 'bad-request' | 'not-found'; error: string };

/** Every node with the finding, planned as its own page would; the action must be one the finding names. */
export function planBulk(nodes: Iterable<NodeDiagnosis>, ruleId: string, action: string, reqFor: (node: string) => RequestContext): BulkPlanResult {
  const info = remediationInfo(action);
  if (!info || info.kind !== 'action' || info.scope !== 'node') return { ok: false, code: 'bad-request', error: `"${action}" is not an action the dashboard performs on a node` };
  const affected = [...nodes]
    .filter((d) => d.findings.some((f) => f.ruleId === ruleId && f.severity === 'error' && f.remediations.includes(info.id)))
    .sort((a, b) => a.node.name.localeCompare(b.node.name));
  if (affected.length === 0) return { ok: false, code: 'not-found', error: `no node has the finding "${ruleId}" with "${info.title}" as its fix` };
  const plan: BulkPlan = { ruleId, action: info.id, nodes: [], excluded: [], confirmText: '', warnings: [] };
  const warnings = new Set<string>();
  for (const d of affected) {
    const req = reqFor(d.node.name);
    const p = planOne(d, info.id, req)!;
    if (p.blocked) plan.excluded.push({ node: d.node.name, why: p.blocked });
    else if (plan.nodes.length >= MAX_BULK_NODES) plan.excluded.push({ node: d.node.name, why: `over the limit of ${MAX_BULK_NODES} nodes per bulk repair: repair these in a second one` });
    else {
      plan.nodes.push({ node: d.node.name, plan: p, req });
      for (const w of p.warnings) if (warnings.size < 20) warnings.add(w);
    }
  }
  plan.warnings = [...warnings];
  plan.confirmText = String(plan.nodes.length);
  return { ok: true, plan };
}

export type Recheck = { go: true; plan: Plan } | { go: false; why: string };

/**
 * Just before a node's turn: the node re-diagnosed from fresh state. A node
 * whose finding went away meanwhile is skipped (nothing to repair); one whose
 * plan can no longer run, or would differ from the preview, is skipped too,
 * since nothing runs that the user did not read. `same` compares plans.
 */
export function recheckNode(d: NodeDiagnosis | undefined, ruleId: string, recorded: BulkNodePlan, same: (a: Plan, b: Plan) => boolean): Recheck {
  if (!d) return { go: false, why: 'the node is no longer in the cluster' };
  if (!d.findings.some((f) => f.ruleId === ruleId)) return { go: false, why: 'the finding is gone: nothing to repair' };
  const fresh = planOne(d, recorded.plan.action, recorded.req);
  if (!fresh) return { go: false, why: 'the action cannot be planned for this node any more' };
  if (fresh.blocked) return { go: false, why: `cannot run now: ${fresh.blocked}` };
  if (!same(fresh, recorded.plan)) return { go: false, why: 'the node changed since the preview (its plan is no longer the same): repair it from its own page' };
  // The fresh plan: equal to the previewed one in every call, body and check (same planHash), and buildable by a replica that holds only the hash.
  return { go: true, plan: fresh };
}
