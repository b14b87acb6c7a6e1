import type { DataPlaneCell, MultusPodView, NodeView } from '@/lib/api/views';
import type { NodeProbes } from '@/lib/probes/fleet';
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import { cniStack } from '@/lib/cni/stack';
import { isReady } from '@/lib/model/node';
import { lastTermination, restartCount, type PodModel } from '@/lib/model/pod';

/** The node's Multus pod as the grid and the node page show it. */
export function multusView(pod: PodModel | undefined): MultusPodView | undefined {
  if (!pod) return undefined;
  // The most recent termination of any container: OOMKilled or Evicted is the incident's first clue.
  const last = lastTermination(pod);
  return {
    namespace: pod.namespace,
    name: pod.name,
    phase: pod.phase,
    ready: pod.ready,
    restarts: restartCount(pod),
    // An evicted pod has no container termination; its own reason says Evicted.
    lastTerminationReason: last?.reason ?? (pod.reason === 'Evicted' ? 'Evicted' : undefined),
    lastTerminationAt: last?.finishedAt,
    qosClass: pod.qosClass,
    image: pod.containers[0]?.image,
  };
}

/** One node's grid view model, from its diagnosis. */
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
    ...(d.dataPlane ? { dataPlane: dataPlaneCell(d.dataPlane) } : {}),
  };
}

/** The grid's one-word data-plane state: the verdict, else why there is none. */
export function dataPlaneCell(p: NodeProbes): DataPlaneCell {
  if (p.verdict) return p.verdict.state;
  if (p.proberPod) return 'not-running';
  return p.staleReportAt ? 'stale' : 'no-report';
}
