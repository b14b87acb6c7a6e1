import 'server-only';
import { staleness } from './staleness';
import type { GridView, MultusPodView, NodeView } from '@/lib/api/views';
import { VERDICTS } from '@/lib/api/views';
import { diagnoseCluster, type NodeDiagnosis } from '@/lib/health/diagnose';
import { cniStack } from '@/lib/cni/stack';
import { isReady } from '@/lib/model/node';
import { lastTermination, restartCount, type PodModel } from '@/lib/model/pod';
import type { Verdict } from '@/lib/health/types';
import type { ClusterCache } from '@/lib/k8s/cache';

function multusView(pod: PodModel | undefined): MultusPodView | undefined {
  if (!pod) return undefined;
  const last = lastTermination(pod);
  return {
    namespace: pod.namespace,
    name: pod.name,
    phase: pod.phase,
    ready: pod.ready,
    restarts: restartCount(pod),
    lastTerminationReason: last?.reason,
    lastTerminationAt: last?.finishedAt,
    qosClass: pod.qosClass,
    image: pod.containers[0]?.image,
  };
}

export function toNodeView(d: NodeDiagnosis, variant?: string): NodeView {
  const since = d.stuck.map((s) => s.since).sort()[0];
  const top = d.findings[0];
  return {
    name: d.node.name,
    zone: d.node.zone,
    pool: d.node.pool,
    ready: isReady(d.node),
    verdict: d.verdict,
    topFinding: top ? { ruleId: top.ruleId, severity: top.severity, title: top.title } : undefined,
    ruleIds: [...new Set(d.findings.map((f) => f.ruleId))],
    findingCount: d.findings.length,
    cnis: cniStack(d.config),
    stuckPods: d.stuck.length,
    stuckSince: since,
    multus: multusView(d.multusPod),
    snapshotAt: d.snapshot?.snapshot?.collectedAt,
    variant,
  };
}

const VERDICT_RANK: Record<Verdict, number> = { broken: 0, degraded: 1, unknown: 2, healthy: 3 };


/**
 * The grid's view model, from the cache at one instant. Nodes are ordered
 * worst first, then by name, so broken nodes lead the grid.
 */
export function buildGridView(cache: ClusterCache, now: number): GridView {
  const state = cache.state();
  const sync = cache.sync();
  const diagnosis = diagnoseCluster({ ...state, now });
  const variantOf = new Map(diagnosis.variants.flatMap((v) => v.nodes.map((n) => [n, v.fingerprint.slice(0, 8)] as const)));
  const nodes = diagnosis.nodes
    .map((d) => toNodeView(d, variantOf.get(d.node.name)))
    .sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || a.name.localeCompare(b.name));
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const n of nodes) counts[n.verdict]++;
  const cniCounts = new Map<string, number>();
  for (const n of nodes) for (const c of n.cnis) cniCounts.set(c, (cniCounts.get(c) ?? 0) + 1);
  return {
    cluster: cache.cluster,
    cnis: [...cniCounts].map(([name, count]) => ({ name, nodes: count })).sort((a, b) => b.nodes - a.nodes || a.name.localeCompare(b.name)),
    generatedAt: new Date(now).toISOString(),
    ...staleness(sync),
    sync,
    counts,
    nodes,
    clusterFindings: diagnosis.findings,
  };
}
