/**
 * From cluster state to per-node verdicts. Pure: objects in, values out, `now` passed in.
 */
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { multusPodsByNode } from './multus-pod';
import { RULES, type NodeContext } from './rules';
import { findStuckPods, indexPodFailures, type StuckPod } from './stuck';
import type { Finding, Verdict } from './types';

export interface FleetInput {
  nodes: readonly NodeModel[];
  pods: readonly PodModel[];
  events: readonly EventModel[];
  snapshots: readonly SnapshotModel[];
  now: number;
}

export interface NodeDiagnosis {
  node: NodeModel;
  verdict: Verdict;
  findings: Finding[];
  stuck: StuckPod[];
  multusPod?: PodModel;
  snapshot?: SnapshotModel;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * broken: any error finding. degraded: any warning. unknown: no usable,
 * fresh snapshot and nothing else says otherwise. healthy: a fresh snapshot
 * and no findings.
 */
export function verdictOf(findings: readonly Finding[], hasFreshSnapshot: boolean): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'broken';
  if (findings.some((f) => f.severity === 'warning')) return 'degraded';
  return hasFreshSnapshot ? 'healthy' : 'unknown';
}

export function diagnoseNode(ctx: NodeContext): NodeDiagnosis {
  const findings = RULES.flatMap((rule) => rule(ctx)).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const fresh = !!ctx.snapshot?.snapshot && !findings.some((f) => f.ruleId === 'snapshot-stale');
  return {
    node: ctx.node,
    verdict: verdictOf(findings, fresh),
    findings,
    stuck: ctx.stuck,
    multusPod: ctx.multusPod,
    snapshot: ctx.snapshot,
  };
}

export function diagnoseFleet(input: FleetInput): NodeDiagnosis[] {
  const snapshots = new Map(input.snapshots.map((s) => [s.node, s]));
  const multus = multusPodsByNode(input.pods);
  const failures = indexPodFailures(input.events);
  const stuckByNode = new Map<string, StuckPod[]>();
  for (const s of findStuckPods(input.pods, failures, input.now)) {
    const list = stuckByNode.get(s.pod.nodeName!) ?? [];
    list.push(s);
    stuckByNode.set(s.pod.nodeName!, list);
  }
  return input.nodes.map((node) =>
    diagnoseNode({
      node,
      snapshot: snapshots.get(node.name),
      stuck: stuckByNode.get(node.name) ?? [],
      multusPod: multus.get(node.name),
      now: input.now,
    }),
  );
}
