/**
 * The audit trail: one Kubernetes Event per remediation attempt, written by
 * the dashboard's own service account into its own namespace, so the audit
 * view rebuilds the history from the cluster rather than from this server.
 * Only Events in that namespace, from this controller, with the audit
 * reason count: the install grants nobody but the dashboard `create events`
 * there (deploy/base/dashboard-rbac.yaml, deploy/rbac.test.ts), so a user
 * who can create Events elsewhere, even with the right reason and
 * annotations, cannot add to it (docs/remediation.md says who still can).
 *
 * The Event is not on the Node or DaemonSet itself: an Event about a
 * cluster-scoped object must live in `default` (kube-apiserver
 * pkg/apis/core/validation/events.go, legacyValidateEvent: "does not match
 * event.namespace"), and one about a DaemonSet in the DaemonSet's namespace,
 * where the dashboard may not write. So it is about the operation
 * (involvedObject kind Remediation in our namespace) and names the target in
 * `related` and the cni-health.io/target annotation.
 */
import type { AuditEntryView, AuditView } from '@/lib/api/remediation';
import { AUDIT_REASON, type EventModel } from '@/lib/model/event';

export { AUDIT_REASON } from '@/lib/model/event';
/** reportingComponent (core/v1) / reportingController (events.k8s.io) of the records; a qualified name, as new-style Events require. */
export const AUDIT_CONTROLLER = 'cni-health.io/dashboard';
export const AUDIT_ANNOTATIONS = {
  action: 'cni-health.io/action',
  user: 'cni-health.io/user',
  outcome: 'cni-health.io/outcome',
  operation: 'cni-health.io/operation',
  target: 'cni-health.io/target',
} as const;

export interface AuditRecord {
  operationId: string;
  action: string;
  title: string;
  target: { kind: 'Node' | 'DaemonSet'; namespace?: string; name: string };
  user: string;
  outcome: AuditEntryView['outcome'];
  message: string;
  at: string;
}

interface ObjectRef { kind: string; name: string; namespace?: string; apiVersion: string }

/** `Kind/name` or `Kind/namespace/name`, as the audit view shows a target. */
export const targetText = (t: AuditRecord['target']): string => `${t.kind}/${t.namespace ? `${t.namespace}/` : ''}${t.name}`;

/** The Event for an attempt (core/v1), in `namespace`, the dashboard's own; `instance` names this replica (its pod). */
export function auditEvent(r: AuditRecord, namespace: string, instance: string): {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  involvedObject: ObjectRef;
  related: ObjectRef;
  reason: string; message: string; type: string; count: number;
  firstTimestamp: Date; lastTimestamp: Date;
  source: { component: string };
  reportingComponent: string;
  reportingInstance: string;
} {
  const at = new Date(r.at);
  return {
    metadata: {
      // One record per operation, its name fixed by the operation: a retry after
      // an ambiguous failure (the Event may have been stored) meets 409
      // AlreadyExists instead of writing a second record (lib/remediation/finish.ts).
      name: `cni-health-audit-${r.operationId}`,
      namespace,
      annotations: {
        [AUDIT_ANNOTATIONS.action]: r.action, [AUDIT_ANNOTATIONS.user]: r.user, [AUDIT_ANNOTATIONS.outcome]: r.outcome,
        [AUDIT_ANNOTATIONS.operation]: r.operationId, [AUDIT_ANNOTATIONS.target]: targetText(r.target),
      },
    },
    involvedObject: { apiVersion: 'cni-health.io/v1alpha1', kind: 'Remediation', namespace, name: r.operationId },
    related: { kind: r.target.kind, name: r.target.name, ...(r.target.namespace ? { namespace: r.target.namespace } : {}), apiVersion: r.target.kind === 'Node' ? 'v1' : 'apps/v1' },
    reason: AUDIT_REASON,
    message: `${r.title} by ${r.user}: ${r.message}`.slice(0, 1000),
    type: r.outcome === 'succeeded' || r.outcome === 'started' ? 'Normal' : 'Warning',
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: AUDIT_CONTROLLER },
    reportingComponent: AUDIT_CONTROLLER,
    reportingInstance: instance.slice(0, 128),
  };
}

/** Is this Event one of the dashboard's own audit records? Anything else with the audit reason is not. */
export function isAuditRecord(e: EventModel, namespace: string): boolean {
  return e.reason === AUDIT_REASON && e.namespace === namespace && e.reportingController === AUDIT_CONTROLLER && e.annotations !== undefined;
}

const OUTCOMES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'timed-out', 'started', 'rejected']);

/** The audit view from the events cache, the dashboard's own records in `namespace` only: newest first. */
export function auditView(events: readonly EventModel[], namespace: string, limit = 500): AuditView {
  const entries = events
    .filter((e) => isAuditRecord(e, namespace))
    .map((e): AuditEntryView => {
      const a = e.annotations!;
      const outcome = a[AUDIT_ANNOTATIONS.outcome] ?? '';
      return {
        time: e.lastSeen,
        action: a[AUDIT_ANNOTATIONS.action] ?? '',
        target: a[AUDIT_ANNOTATIONS.target] ?? '',
        user: a[AUDIT_ANNOTATIONS.user] ?? '',
        outcome: (OUTCOMES.has(outcome) ? outcome : 'failed') as AuditEntryView['outcome'],
        message: e.message,
      };
    })
    .sort((x, y) => y.time.localeCompare(x.time));
  return { entries: entries.slice(0, limit) };
}
