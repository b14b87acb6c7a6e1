/**
 * Which node a probe report may speak for: the same rules as the snapshots
 * (lib/cni/snapshot-binding.ts). The ConfigMap's name must be
 * probeConfigMapName(node), its annotation and document must name that node,
 * and an owner Node, if any, must be that node now. The cluster binds the
 * name and annotation to the writer's own node (deploy/base/prober-policy.yaml),
 * so one node's prober cannot publish for another.
 */
import type { ProbeModel } from '@/lib/model/probe';
import type { OwnerRefModel } from '@/lib/model/snapshot';
import { shownName } from '@/lib/cni/snapshot-binding';
import type { ProbeReport } from './report';

const PREFIX = 'cni-probe-';
const NAME_MAX = 253;

export interface IgnoredProbe {
  configMapName: string;
  reason: string;
}

function nameFits(name: string, node: string): boolean {
  const plain = `${PREFIX}${node}`;
  if (plain.length <= NAME_MAX) return name === plain;
  return name.length === NAME_MAX && /-[0-9a-f]{16}$/.test(name) && name.slice(0, NAME_MAX - 17) === plain.slice(0, NAME_MAX - 17);
}

function ownerProblem(owners: readonly OwnerRefModel[] | undefined, node: string, uid: string | undefined): string | undefined {
  for (const o of owners ?? []) {
    if (o.kind !== 'Node' || o.apiVersion !== 'v1') continue;
    if (o.name !== node) return `is owned by Node ${shownName(o.name)}`;
    if (uid !== undefined && o.uid !== uid) return `is owned by an earlier Node ${shownName(node)}`;
  }
  return undefined;
}

export function checkProbe(p: ProbeModel, nodeUid: string | undefined): { ok: true; report: ProbeReport } | { ok: false; reason: string } {
  if (!p.report) return { ok: false, reason: p.error ?? 'no report' };
  const node = p.report.node;
  if (!nameFits(p.configMapName, node)) return { ok: false, reason: `names node ${shownName(node)} but is stored as ConfigMap ${shownName(p.configMapName)}` };
  if (p.annotatedNode !== node) return { ok: false, reason: `names node ${shownName(node)} but its annotation says ${shownName(p.annotatedNode ?? '(none)')}` };
  if (nodeUid === undefined) return { ok: false, reason: `names node ${shownName(node)}, which is not in the cluster` };
  const owner = ownerProblem(p.owners, node, nodeUid);
  if (owner) return { ok: false, reason: `names node ${shownName(node)} but ${owner}` };
  return { ok: true, report: p.report };
}

/** Accepted reports by node; one per node (the first by name wins), the rest ignored with why. */
export function bindProbes(probes: readonly ProbeModel[], nodeUid: (node: string) => string | undefined): { accepted: Map<string, ProbeReport>; ignored: IgnoredProbe[] } {
  const accepted = new Map<string, ProbeReport>();
  const ignored: IgnoredProbe[] = [];
  for (const p of [...probes].sort((a, b) => (a.configMapName < b.configMapName ? -1 : a.configMapName > b.configMapName ? 1 : 0))) {
    const c = checkProbe(p, p.report ? nodeUid(p.report.node) : undefined);
    if (!c.ok) ignored.push({ configMapName: p.configMapName, reason: c.reason });
    else if (accepted.has(c.report.node)) ignored.push({ configMapName: p.configMapName, reason: `a second report for node ${shownName(c.report.node)}` });
    else accepted.set(c.report.node, c.report);
  }
  return { accepted, ignored };
}
