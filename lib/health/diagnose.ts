/**
 * From cluster state to per-node verdicts. Pure: objects in, values out, `now` passed in.
 */
import { loadConfigDir, type ConfigDir } from '@/lib/cni/files';
import { bindSnapshots, ignoredByNode } from '@/lib/cni/snapshot-binding';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import type { EventModel } from '@/lib/model/event';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { ProbeModel } from '@/lib/model/probe';
import type { SnapshotModel } from '@/lib/model/snapshot';
import { fleetProbeFacts, isProberPod, type NodeProbes } from '@/lib/probes/fleet';
import { daemonSetFindings } from './daemonset';
import { multusPodsByNode } from './multus-pod';
import { findPartialPods, type PartialPod } from './partial';
import { isAgentEvent, type PrimaryAgentContext, nodePrimaryFamily, podsByNode, primaryAgentContext } from './primary-agent';
import { linkCauses } from './causes';
import { RULES, type FleetFacts, type NodeContext } from './rules';
import { analyseFleet, type ConfigVariant } from './rules/fleet';
import { findStuckPods, indexPodFailures, type StuckPod } from './stuck';
import type { Finding, Verdict } from './types';

export interface FleetInput {
  nodes: readonly NodeModel[];
  pods: readonly PodModel[];
  events: readonly EventModel[];
  snapshots: readonly SnapshotModel[];
  now: number;
  /** When given, Multus DaemonSet hygiene is checked (cluster level; info context on nodes Multus broke). */
  daemonsets?: readonly DaemonSetModel[];
  /** Network failure messages per node name, without pods (offline bundles' events.txt). */
  nodeMessages?: ReadonlyMap<string, readonly string[]>;
  /** Data-plane probe reports, and the namespace the probers run in (lib/probes). */
  probes?: readonly ProbeModel[];
  probeNamespace?: string;
}

export interface NodeDiagnosis {
  node: NodeModel;
  verdict: Verdict;
  findings: Finding[];
  stuck: StuckPod[];
  /** Running pods without the secondary networks they asked for. */
  partial: PartialPod[];
  multusPod?: PodModel;
  primaryAgent?: PrimaryAgentContext;
  snapshot?: SnapshotModel;
  /** The node's config directory as loaded for the rules (absent without a snapshot). */
  config?: ConfigDir;
  /** The data-plane probes' facts about the node, when probers are installed. */
  dataPlane?: NodeProbes;
}

export interface ClusterDiagnosis {
  nodes: NodeDiagnosis[];
  /** Fleet-level findings (Multus DaemonSet hygiene); they do not change node verdicts. */
  findings: Finding[];
  /** Config variants (normalised fingerprints), largest first. */
  variants: ConfigVariant[];
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Rule ids whose presence makes Multus DaemonSet hygiene relevant context on a node. */
const MULTUS_TROUBLE = new Set(['multus-nested-delegates', 'multus-primary-missing', 'multus-pod-unhealthy', 'multus-kubeconfig-missing', 'multus-readiness-indicator-missing', 'cni-kubeconfig-token-expired']);

/**
 * broken: any error finding. degraded: any warning. unknown: no usable,
 * fresh snapshot and nothing else says otherwise. healthy: a fresh snapshot
 * and no error or warning findings (info findings are context).
 */
export function verdictOf(findings: readonly Finding[], hasFreshSnapshot: boolean): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'broken';
  if (findings.some((f) => f.severity === 'warning')) return 'degraded';
  return hasFreshSnapshot ? 'healthy' : 'unknown';
}

export function diagnoseNode(ctx: NodeContext): NodeDiagnosis {
  const config = ctx.config ?? (ctx.snapshot?.snapshot ? loadConfigDir(ctx.snapshot.snapshot.files) : undefined);
  const full: NodeContext = { ...ctx, config };
  let findings = RULES.flatMap((rule) => rule(full));
  if (ctx.fleet && findings.some((f) => MULTUS_TROUBLE.has(f.ruleId) && f.severity !== 'info')) {
    findings = [...findings, ...ctx.fleet.context.map((f) => ({ ...f, severity: 'info' as const }))];
  }
  // Stable sort: rules list the most specific finding first within a severity.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  findings = linkCauses(findings);
  const fresh = !!ctx.snapshot?.snapshot && !findings.some((f) => f.ruleId === 'snapshot-stale');
  return {
    node: ctx.node,
    verdict: verdictOf(findings, fresh),
    findings,
    stuck: ctx.stuck,
    partial: ctx.partial ?? [],
    multusPod: ctx.multusPod,
    primaryAgent: ctx.primaryAgent,
    snapshot: ctx.snapshot,
    config,
    ...(ctx.fleet?.dataPlane ? { dataPlane: ctx.fleet.dataPlane } : {}),
  };
}

export function diagnoseCluster(input: FleetInput): ClusterDiagnosis {
  // Only snapshots whose name, document, annotation and owner agree speak for a node (the fleet majority included).
  const uids = new Map(input.nodes.map((n) => [n.name, n.uid]));
  const binding = bindSnapshots(input.snapshots, (n) => uids.get(n));
  const snapshots = binding.accepted;
  const ignored = ignoredByNode(binding.ignored);
  const multus = multusPodsByNode(input.pods);
  const daemonPods = podsByNode(input.pods);
  const agentEvents = input.events.filter(isAgentEvent);
  const failures = indexPodFailures(input.events);
  const stuckByNode = new Map<string, StuckPod[]>();
  for (const s of findStuckPods(input.pods, failures, input.now)) {
    const list = stuckByNode.get(s.pod.nodeName!) ?? [];
    list.push(s);
    stuckByNode.set(s.pod.nodeName!, list);
  }
  const podCounts = new Map<string, number>();
  for (const p of input.pods) {
    if (p.nodeName && p.phase !== 'Succeeded' && p.phase !== 'Failed') podCounts.set(p.nodeName, (podCounts.get(p.nodeName) ?? 0) + 1);
  }
  const partialByNode = new Map<string, PartialPod[]>();
  for (const p of findPartialPods(input.pods, input.now)) {
    const list = partialByNode.get(p.pod.nodeName!);
    if (list) list.push(p);
    else partialByNode.set(p.pod.nodeName!, [p]);
  }
  const addressed = new Map<string, PodModel[]>();
  for (const p of input.pods) {
    if (!p.nodeName || !p.podIP) continue;
    const list = addressed.get(p.nodeName);
    if (list) list.push(p);
    else addressed.set(p.nodeName, [p]);
  }
  const configs = new Map(input.nodes.map((n) => {
    const snap = snapshots.get(n.name)?.snapshot;
    return [n.name, snap ? loadConfigDir(snap.files) : undefined] as const;
  }));
  const fleet = analyseFleet(input.nodes.map((node) => ({ node, snapshot: snapshots.get(node.name)?.snapshot, config: configs.get(node.name) })));
  const clusterFindings = daemonSetFindings(input.daemonsets ?? []);
  const ns = input.probeNamespace ?? 'cni-health';
  const probes = input.probes ? fleetProbeFacts({ nodes: input.nodes, proberPods: input.pods.filter((p) => isProberPod(p, ns)), probes: input.probes, now: input.now }) : undefined;
  const nodes = input.nodes.map((node) => {
    const facts: FleetFacts = { ...(fleet.facts.get(node.name) ?? { context: [] }), dataPlane: probes?.byNode.get(node.name) };
    const expected = nodePrimaryFamily(configs.get(node.name)) ?? facts.expectedFamily;
    return diagnoseNode({
      node,
      snapshot: snapshots.get(node.name),
      ignoredSnapshots: ignored.get(node.name),
      config: configs.get(node.name),
      stuck: stuckByNode.get(node.name) ?? [],
      partial: partialByNode.get(node.name) ?? [],
      // Offline bundles carry no pods: no count rather than zero.
      ...(input.pods.length > 0 || !input.nodeMessages ? { podCount: podCounts.get(node.name) ?? 0 } : {}),
      multusPod: multus.get(node.name),
      pods: addressed.get(node.name),
      primaryAgent: primaryAgentContext(daemonPods.get(node.name) ?? [], agentEvents, input.daemonsets ?? [], expected),
      messages: input.nodeMessages?.get(node.name),
      fleet: { ...facts, context: clusterFindings },
      now: input.now,
    });
  });
  return { nodes, findings: clusterFindings, variants: fleet.variants };
}

export function diagnoseFleet(input: FleetInput): NodeDiagnosis[] {
  return diagnoseCluster(input).nodes;
}
