/**
 * The opt-in Node condition `CNIHealthy`, as a node's own agent computes it
 * from its own snapshot: the same rules as the dashboard (diagnoseNode), fed
 * only what the agent knows. Rules that need pods, events, other nodes, the
 * data-plane probes or the node's own conditions find nothing here, so the
 * condition can carry config and binary findings only (docs/install.md lists
 * them). Pure: `now` is an argument.
 *
 * Condition semantics follow the kubelet's own conditions
 * (pkg/kubelet/nodestatus/setters.go): lastHeartbeatTime is the time of every
 * report, lastTransitionTime changes only when the status does; the kubelet
 * reports an unchanged status again after nodeStatusReportFrequency (5 min)
 * (pkg/kubelet/kubelet_node_status.go). Node API fields:
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/#NodeStatus
 */
import type { Snapshot } from '@/lib/cni/snapshot';
import type { ConditionStatus, NodeCondition } from '@/lib/model/node';
import { diagnoseNode } from './diagnose';
import type { Finding, Verdict } from './types';

export const CNI_CONDITION_TYPE = 'CNIHealthy';
/**
 * A condition not renewed for three default heartbeats: its agent is gone,
 * and nothing else marks it Unknown (the node lifecycle controller does that
 * for the kubelet's conditions only). Readers treat it as unknown.
 */
export const CONDITION_STALE_MS = 15 * 60_000;
/** The message as written: long enough for a title and a link, short enough to read in `kubectl describe node`. */
export const CONDITION_MESSAGE_MAX = 512;
const TITLE_MAX = 200;

export interface CniConditionWant {
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** The condition as written to the API (v1.NodeCondition). */
export interface CniCondition extends CniConditionWant {
  type: typeof CNI_CONDITION_TYPE;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

// C0/C1 controls, bidi marks and overrides, zero-width, line separators, BOM, tag characters.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/gu;

/** Cluster text (file names in titles) made visible and bounded by code points. */
export function neutralise(text: string, max: number): string {
  const visible = text.replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  const points = [...visible];
  return points.length > max ? `${points.slice(0, max - 1).join('')}…` : visible;
}

/** `multus-nested-delegates` → `MultusNestedDelegates`: the CamelCase reasons Kubernetes conditions use. */
export function reasonOf(ruleId: string): string {
  const camel = ruleId.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(camel) ? camel.slice(0, 64) : 'Finding';
}

/** The dashboard's page for the node, when the agent was given the dashboard's URL. */
export function nodeLink(dashboardUrl: string | undefined, node: string): string | undefined {
  if (!dashboardUrl) return undefined;
  return `${dashboardUrl.replace(/\/+$/, '')}/nodes/${encodeURIComponent(node)}`;
}

/** What the agent alone can say about its node: the rules run on its snapshot, with no pods, events, fleet or node conditions. */
export function agentDiagnosis(node: { name: string; uid: string }, snapshot: Snapshot, now: number): { verdict: Verdict; findings: Finding[] } {
  const d = diagnoseNode({
    // No conditions: the condition must not feed on the kubelet's (or its own earlier) conditions.
    node: { name: node.name, uid: node.uid, resourceVersion: '', createdAt: snapshot.collectedAt, roles: [], unschedulable: false, conditions: [] },
    snapshot: { namespace: '', configMapName: '', resourceVersion: '', node: node.name, snapshot },
    stuck: [],
    now,
  });
  return { verdict: d.verdict, findings: d.findings };
}

function withLink(text: string, link: string | undefined): string {
  const tail = link ? ` ${link}` : '';
  return `${neutralise(text, Math.max(16, CONDITION_MESSAGE_MAX - [...tail].length))}${tail}`;
}

/** The status a verdict gives the condition: what the dashboard compares the node's own condition with. */
export function statusOfVerdict(verdict: Verdict): ConditionStatus {
  return verdict === 'broken' ? 'False' : verdict === 'unknown' ? 'Unknown' : 'True';
}

/**
 * broken → False with the main error; degraded → True (the node still
 * works; a warning is a trap, not an outage) with the main warning; healthy
 * → True; unknown → Unknown. Severity-ordered findings: the first is the main one.
 */
export function conditionFor(verdict: Verdict, findings: readonly Finding[], link: string | undefined): CniConditionWant {
  const main = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  const more = findings.filter((f) => f.severity !== 'info').length - 1;
  const title = main ? `${neutralise(main.title, TITLE_MAX)}${more > 0 ? ` (+${more} more)` : ''}` : '';
  switch (verdict) {
    case 'broken':
      return { status: 'False', reason: reasonOf(main?.ruleId ?? 'broken'), message: withLink(title, link) };
    case 'degraded':
      return { status: 'True', reason: reasonOf(main?.ruleId ?? 'degraded'), message: withLink(`degraded: ${title}`, link) };
    case 'healthy':
      return { status: 'True', reason: 'CNIConfigHealthy', message: withLink('the CNI config on this node passes every check its agent can make', link) };
    default:
      return { status: 'Unknown', reason: 'SnapshotUnavailable', message: withLink('the agent could not read this node\'s CNI config', link) };
  }
}

/** The condition when the agent cannot scan its directory (an unreadable mount). */
export function unknownCondition(why: string, link: string | undefined, reason: 'ConfigDirUnreadable' | 'SnapshotInvalid' = 'ConfigDirUnreadable'): CniConditionWant {
  return { status: 'Unknown', reason, message: withLink(why, link) };
}

export type ConditionWrite = { write: false } | { write: true; why: 'new' | 'transition' | 'changed' | 'heartbeat'; condition: CniCondition };

/**
 * Whether to write, and what: on any change of status, reason or message,
 * and otherwise once `heartbeatMs` has passed since the last heartbeat.
 * lastTransitionTime moves only with the status, as the kubelet does.
 */
export function nextCondition(previous: NodeCondition & { lastHeartbeatTime?: string } | undefined, want: CniConditionWant, now: number, heartbeatMs: number): ConditionWrite {
  const at = new Date(now).toISOString();
  const sameStatus = previous?.status === want.status && !!previous.lastTransitionTime;
  const condition: CniCondition = { type: CNI_CONDITION_TYPE, ...want, lastHeartbeatTime: at, lastTransitionTime: sameStatus ? previous!.lastTransitionTime! : at };
  if (!previous) return { write: true, why: 'new', condition };
  if (!sameStatus) return { write: true, why: 'transition', condition };
  if (previous.reason !== want.reason || previous.message !== want.message) return { write: true, why: 'changed', condition };
  const beat = previous.lastHeartbeatTime ? Date.parse(previous.lastHeartbeatTime) : Number.NaN;
  // A heartbeat in the future (clock skew, a forged value) counts as missing.
  if (Number.isNaN(beat) || beat > now || now - beat >= heartbeatMs) return { write: true, why: 'heartbeat', condition };
  return { write: false };
}

/**
 * The strategic merge patch for the status subresource: `conditions` merges
 * by its patch merge key `type` (k8s.io/api/core/v1 NodeStatus.Conditions,
 * patchStrategy:"merge" patchMergeKey:"type"), so only CNIHealthy is touched.
 */
export function conditionPatch(condition: CniCondition): { status: { conditions: CniCondition[] } } {
  return { status: { conditions: [condition] } };
}
