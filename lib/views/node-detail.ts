import 'server-only';
import { staleness } from './staleness';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import type { CheckView, DataPlaneDetailView, MultusDetailView, NodeConditionView, NodeDetailView, NodeInfoView, RemediationLabelView, SnapshotView, StuckPodView } from '@/lib/api/node-detail';
import { nodeDetailKey } from '@/lib/api/node-detail';
import type { KindSyncView } from '@/lib/api/views';
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import { fleetReader } from './fleet-reader';
import { matchSignature } from '@/lib/health/signatures';
import type { StuckPod } from '@/lib/health/stuck';
import type { ClusterCache } from '@/lib/k8s/cache';
import { isReady, type NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import { dataPlaneCell, multusView } from './node-view';
import type { NodeProbes } from '@/lib/probes/fleet';
import type { CheckResult } from '@/lib/probes/report';
import { remediationInfo } from '@/lib/remediation/catalogue';
import { fileViews, revisionViews } from './node-files';
import { recentPodsOnNode } from '@/lib/timeline/recent-pods';
import { stuckState } from './pods';
import { primaryAgentView } from './agent-view';
import { probeHistoryView } from './probe-history';
import { cniConditionView } from './cni-condition';
import { CNI_CONDITION_TYPE } from '@/lib/health/node-condition';

export type NodeDetailResult =
  | { ok: true; view: NodeDetailView }
  | { ok: false; code: 'not-found' | 'unavailable'; error: string };

/** Ready (and the opt-in CNIHealthy) is fine when True; every other kubelet condition (pressure, NetworkUnavailable) when False. */
function conditionView(c: NodeModel['conditions'][number]): NodeConditionView {
  return {
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    since: c.lastTransitionTime,
    ok: c.type === 'Ready' || c.type === CNI_CONDITION_TYPE ? c.status === 'True' : c.status === 'False',
  };
}

function nodeInfo(node: NodeModel): NodeInfoView {
  return {
    name: node.name,
    zone: node.zone,
    pool: node.pool,
    roles: node.roles,
    kubeletVersion: node.kubeletVersion,
    ready: isReady(node),
    unschedulable: node.unschedulable,
    createdAt: node.createdAt,
    conditions: node.conditions.map(conditionView),
  };
}

/** `registry/multus-cni:v4.0.2` → `v4.0.2`; `...@sha256:abcd…` → `sha256:abcd…` (12 hex). */
export function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 1 + 'sha256:'.length + 12);
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > lastSlash ? image.slice(colon + 1) : 'latest';
}

function multusDetail(pod: PodModel | undefined): MultusDetailView | undefined {
  const view = multusView(pod);
  if (!view || !pod) return undefined;
  return { ...view, imageVersion: imageVersion(view.image), args: pod.args };
}

function stuckView(s: StuckPod): StuckPodView {
  const sig = s.lastMessage ? matchSignature(s.lastMessage) : undefined;
  return {
    namespace: s.pod.namespace,
    name: s.pod.name,
    phase: s.pod.phase,
    since: s.since,
    failures: s.failures,
    lastMessage: s.lastMessage,
    lastSeen: s.lastSeen,
    signature: sig && { id: sig.id, cause: sig.cause, relatedRule: sig.relatedRule },
  };
}

function snapshotView(d: NodeDiagnosis): SnapshotView {
  const model = d.snapshot;
  if (!model) return { state: 'missing' };
  if (!model.snapshot) return { state: 'invalid', error: model.error ?? 'unreadable snapshot', configMap: `${model.namespace}/${model.configMapName}` };
  const snap = model.snapshot;
  return {
    state: 'ok',
    stale: d.findings.some((f) => f.ruleId === 'snapshot-stale'),
    collectedAt: snap.collectedAt,
    agent: `${snap.agent.name} ${snap.agent.version}`,
    confDir: snap.confDir,
    revision: snap.revision,
    truncated: snap.truncated,
    ...fileViews(snap, d.findings),
    ...(snap.filesOmitted ? { filesOmitted: snap.filesOmitted } : {}),
    history: revisionViews(snap),
  };
}


function remediationLabels(findings: NodeDiagnosis['findings']): Record<string, RemediationLabelView> {
  const out: Record<string, RemediationLabelView> = {};
  for (const id of new Set(findings.flatMap((f) => f.remediations))) {
    const info = remediationInfo(id);
    if (info) out[id] = { title: info.title, kind: info.kind, scope: info.scope };
  }
  return out;
}

export function toNodeDetailView(d: NodeDiagnosis, now: number, sync: readonly KindSyncView[]): NodeDetailView {
  const cni = cniConditionView(d.node, d.verdict, now);
  return {
    generatedAt: new Date(now).toISOString(),
    ...staleness(sync),
    node: nodeInfo(d.node),
    verdict: d.verdict,
    findings: d.findings,
    snapshot: snapshotView(d),
    multus: multusDetail(d.multusPod),
    primaryAgent: primaryAgentView(d.primaryAgent),
    stuckPods: d.stuck.map(stuckView).sort((a, b) => a.since.localeCompare(b.since) || a.name.localeCompare(b.name)),
    remediations: remediationLabels(d.findings),
    ...(d.dataPlane ? { dataPlane: dataPlaneDetail(d.dataPlane) } : {}),
    ...(cni ? { cniCondition: cni } : {}),
  };
}

function dataPlaneDetail(p: NodeProbes): DataPlaneDetailView {
  const v = p.verdict;
  const check = (c: CheckResult | undefined): CheckView | undefined => c && { ok: c.ok, since: c.since, loss: c.loss, latencyMs: c.latencyMs, error: c.error };
  return {
    state: dataPlaneCell(p),
    since: v?.since,
    probedBy: v?.probedBy ?? 0,
    failedBy: v?.failedBy ?? [],
    failedByCount: v?.failedByCount ?? 0,
    cannotReach: v?.cannotReach ?? [],
    unconfirmed: v?.unconfirmed ?? [],
    zonePaths: v?.zonePaths ?? [],
    dns: check(v?.dns),
    kubernetesService: check(v?.kubernetesService),
    ...(p.proberPod ? { proberPod: p.proberPod } : {}),
    ...(p.staleReportAt ? { staleReportAt: p.staleReportAt } : {}),
  };
}

/**
 * One node's detail from the cache. The whole fleet is diagnosed because
 * drift findings compare the node with the majority of similar nodes.
 */
export function buildNodeDetail(cache: ClusterCache, name: string, now: number): NodeDetailResult {
  const sync = cache.sync();
  if (!(cache.informers ? cache.informers.nodes.get(name) : cache.state().nodes.find((n) => n.name === name))) {
    const nodesSynced = sync.find((s) => s.kind === 'nodes')?.synced ?? false;
    return nodesSynced
      ? { ok: false, code: 'not-found', error: `node ${name} not found` }
      : { ok: false, code: 'unavailable', error: 'the node list has not synced yet; try again in a moment' };
  }
  // From the incrementally maintained fleet analysis: drift facts need the whole fleet, the node's own rules run now.
  const reader = fleetReader(cache, now);
  const d = reader.diagnose(name)!;
  const view = toNodeDetailView(d, now, sync);
  if (view.dataPlane) view.dataPlane.history = probeHistoryView(reader.probeHistory(name));
  return { ok: true, view: { ...view, recentPods: recentPodsOnNode(stuckState(cache), name, now) } };
}

/** Server prefetch for the node page, under the same key the client hook uses. */
export function prefetchNodeDetail(cache: ClusterCache, name: string, now: number): { state: DehydratedState; notFound: boolean } {
  const queryClient = new QueryClient();
  const result = buildNodeDetail(cache, name, now);
  if (result.ok) queryClient.setQueryData(nodeDetailKey(name), result.view);
  return { state: dehydrate(queryClient), notFound: !result.ok && result.code === 'not-found' };
}
