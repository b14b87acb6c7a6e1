import type { DataPlaneCell } from './views';
/**
 * The node detail page's contract: the view GET /api/nodes/{name} returns,
 * its query key (under queryKeys.all, so the live stream refreshes it) and
 * its query options, shared by the server prefetch and the client hook.
 */
import { queryOptions } from '@tanstack/react-query';
import { ApiError, fetchJson, queryKeys } from './queries';
import type { FindingView, MultusPodView, Verdict } from './views';
import type { RecentPod } from '@/lib/timeline/recent-pods';
import type { ProbeHistoryView } from './probe-history';

/** A pod of the node that could not get its network recently, and what became of it (lib/timeline/recent-pods.ts). */
export type RecentPodView = RecentPod;

export interface NodeConditionView {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  since?: string;
  /** Ready=True, or any pressure/unavailable condition False: what "fine" means for that type. */
  ok: boolean;
}

/**
 * The opt-in CNIHealthy condition the node's own agent writes (from its
 * snapshot only), beside the status this page's verdict would give. A node
 * writes it about itself: it is shown, never trusted over the diagnosis.
 */
export interface CniConditionView {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  since?: string;
  expected: 'True' | 'False' | 'Unknown';
  agrees: boolean;
  /** The agent's last report (lastHeartbeatTime). */
  heartbeatAt?: string;
  /** Not renewed for 15 minutes: its agent has stopped, and it says nothing now. */
  stale: boolean;
}

export interface NodeInfoView {
  name: string;
  zone?: string;
  pool?: string;
  roles: string[];
  kubeletVersion?: string;
  ready: boolean;
  unschedulable: boolean;
  createdAt: string;
  conditions: NodeConditionView[];
}

/** Where a file stands with the container runtime, which uses the first config (by name) that loads. */
export type FileRole = 'effective' | 'skipped' | 'shadowed' | 'not-config';

/** Lines (1-based, inclusive) of the shown text that a finding's JSON path points at. */
export interface HighlightView {
  path: string;
  start: number;
  end: number;
  ruleIds: string[];
}

export interface CniFileView {
  name: string;
  size: number;
  sha256?: string;
  modifiedAt?: string;
  role: FileRole;
  /** Why libcni would not load it, for config files that fail. */
  loadError?: string;
  /** `json`: text is re-indented JSON. `raw`: text as collected (not JSON). `none`: no content collected. */
  format: 'json' | 'raw' | 'none';
  text?: string;
  /** Why the content is not JSON, with its position when known. */
  parseError?: { message: string; line?: number; column?: number };
  truncated: boolean;
  readError?: string;
  /** The content was over the dashboard's per-file read limit (this many bytes): not shown or analysed. */
  withheld?: number;
  /** True when `text` stops early: the display limits of docs/snapshot-format.md were reached. */
  cut?: boolean;
  highlights: HighlightView[];
  /** Evidence paths that name this file but are not in its content. */
  unresolved: string[];
}

export interface FileChangeView {
  name: string;
  change: 'added' | 'removed' | 'changed';
}

export interface RevisionView {
  revision: number;
  /** When the agent first saw it. */
  observedAt?: string;
  /** The format does not record when the current revision appeared; its newest file mtime stands in. */
  estimated: boolean;
  current: boolean;
  digest: string;
  fileCount: number;
  /** Against the next older revision kept. */
  changes: FileChangeView[];
  /** True for the oldest revision kept: nothing older to compare with. */
  oldest: boolean;
}

export type SnapshotView =
  | { state: 'missing' }
  | { state: 'invalid'; error: string; configMap: string }
  | {
      state: 'ok';
      /** The agent has not reported recently (rule snapshot-stale). */
      stale: boolean;
      collectedAt: string;
      agent: string;
      confDir: string;
      revision: number;
      /** Content or history left out to fit a ConfigMap. */
      truncated: boolean;
      effectiveFile?: string;
      files: CniFileView[];
      /** Files past the read cap (lib/cni/bounds.ts), not shown. */
      filesOmitted?: number;
      history: RevisionView[];
    };

export interface MultusDetailView extends MultusPodView {
  /** Tag (or digest) of the image, e.g. `v4.0.2`. */
  imageVersion?: string;
  /** Command and args of its containers, as the DaemonSet runs them. */
  args: string[];
}

/** The primary CNI agent on the node (aws-node, calico-node, cilium...): lib/health/primary-agent.ts. */
export interface PrimaryAgentView {
  /** How the project names its agent, e.g. `aws-node`. */
  agent: string;
  family: string;
  /** namespace/name of its DaemonSet, when seen. */
  daemonSet?: string;
  /** Absent: no agent pod runs on the node. */
  pod?: {
    namespace: string;
    name: string;
    phase: string;
    ready: boolean;
    restarts: number;
    createdAt: string;
    /** The agent's main container: the one whose state and logs are shown. */
    container: string;
    image?: string;
    /** A waiting container's reason, e.g. CrashLoopBackOff. */
    waiting?: string;
    lastTermination?: { reason?: string; exitCode?: number; finishedAt?: string };
  };
  /** The latest readiness/liveness probe failure (the kubelet's Unhealthy event). */
  probeFailures?: { message: string; count: number; lastSeen: string };
  /** The kubelet's warnings about the pod (BackOff, Unhealthy, Failed...), newest first, bounded. */
  events: Array<{ type: string; reason: string; message: string; count: number; lastSeen: string }>;
}

export interface StuckPodView {
  namespace: string;
  name: string;
  phase: string;
  since: string;
  failures: number;
  lastMessage?: string;
  lastSeen?: string;
  /** The known sandbox-failure pattern the last message matches. */
  signature?: { id: string; cause: string; relatedRule: string };
}

/** How the page names a remediation a finding points to (buttons come with the remediation flow). */
export interface RemediationLabelView {
  title: string;
  kind: 'action' | 'advice';
  /** Where its button is: the node page (node) or the fleet page (cluster). */
  scope: 'node' | 'cluster';
}

export interface NodeDetailView {
  generatedAt: string;
  /** The cache may be behind the cluster (a watch is failing or not synced yet). */
  stale: boolean;
  staleSince?: string;
  errors: string[];
  node: NodeInfoView;
  verdict: Verdict;
  findings: FindingView[];
  snapshot: SnapshotView;
  multus?: MultusDetailView;
  primaryAgent?: PrimaryAgentView;
  stuckPods: StuckPodView[];
  /** Pods stuck in the last hours and their state now: how a fix shows the pods it started. */
  recentPods?: RecentPodView[];
  /** Catalogue titles of the remediation ids the findings name; an id missing here is shown as is. */
  remediations: Record<string, RemediationLabelView>;
  /** The data-plane probes' facts about the node; absent when probers are not installed. */
  dataPlane?: DataPlaneDetailView;
  /** The node's CNIHealthy condition, when its agent writes one. */
  cniCondition?: CniConditionView;
}

export interface PeerCheckView {
  peer: string;
  zone?: string;
  since: string;
  error?: string;
}

export interface CheckView {
  ok: boolean;
  since: string;
  loss: number;
  latencyMs?: number;
  error?: string;
}

/** What the probes say of one node: checks it runs, peers that fail it, and the prober pod when it is not running. */
export interface DataPlaneDetailView {
  state: DataPlaneCell;
  since?: string;
  probedBy: number;
  failedBy: PeerCheckView[];
  failedByCount: number;
  cannotReach: PeerCheckView[];
  unconfirmed: PeerCheckView[];
  zonePaths: string[];
  dns?: CheckView;
  kubernetesService?: CheckView;
  proberPod?: { namespace: string; name: string; phase: string; waitingReason?: string; since: string };
  staleReportAt?: string;
  /** Each check's recent state changes (lib/api/probe-history.ts). */
  history?: ProbeHistoryView;
}

export function nodeDetailKey(name: string): readonly [...typeof queryKeys.all, 'node', string] {
  return [...queryKeys.all, 'node', name] as const;
}

export function nodeDetailUrl(name: string): string {
  return `/api/nodes/${encodeURIComponent(name)}`;
}

export function nodeDetailQuery(name: string) {
  return queryOptions({
    queryKey: nodeDetailKey(name),
    queryFn: ({ signal }) => fetchJson<NodeDetailView>(nodeDetailUrl(name), { signal }),
    // Invalidated by the live stream; the interval is the safety net when it is down.
    refetchInterval: 15_000,
    // A 4xx (bad name, node gone) will not change on retry; a 5xx may.
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
}

/** Links out of the node page; the targets read these parameters. */
export function nodePageHref(name: string): string {
  return `/nodes/${encodeURIComponent(name)}`;
}

export function podsOfNodeHref(name: string): string {
  return `/pods?${new URLSearchParams({ node: name })}`;
}

/** The diff page picks the nearest healthy node as base when none is given. */
export function compareHref(name: string): string {
  return `/diff?${new URLSearchParams({ target: name })}`;
}
