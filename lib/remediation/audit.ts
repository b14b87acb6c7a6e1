/**
 * The audit trail: one Kubernetes Event per remediation attempt, on the
 * object it acted on, so `kubectl get events` shows it too, and the audit
 * view rebuilds the history from the cluster rather than from this server.
 */
import type { AuditEntryView, AuditView } from '@/lib/api/remediation';
import type { EventModel } from '@/lib/model/event';

export const AUDIT_REASON = 'CniHealthRemediation';
export const AUDIT_ANNOTATIONS = {
  action: 'cni-health.io/action',
  user: 'cni-health.io/user',
  outcome: 'cni-health.io/outcome',
  operation: 'cni-health.io/operation',
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

/** The Event object for an attempt (core/v1; Node events live in `default`, as kubectl's do). */
export function auditEvent(r: AuditRecord): {
  metadata: { name: string; namespace: string; annotations: Record<string, string> };
  involvedObject: { kind: string; name: string; namespace?: string; apiVersion: string };
  reason: string; message: string; type: string; count: number;
  firstTimestamp: Date; lastTimestamp: Date;
  source: { component: string };
  reportingComponent: string;
  reportingInstance: string;
} {
  const at = new Date(r.at);
  return {
    metadata: {
      name: `cni-health-${r.operationId}-${r.outcome}`,
      namespace: r.target.namespace ?? 'default',
      annotations: { [AUDIT_ANNOTATIONS.action]: r.action, [AUDIT_ANNOTATIONS.user]: r.user, [AUDIT_ANNOTATIONS.outcome]: r.outcome, [AUDIT_ANNOTATIONS.operation]: r.operationId },
    },
    involvedObject: { kind: r.target.kind, name: r.target.name, namespace: r.target.namespace, apiVersion: r.target.kind === 'Node' ? 'v1' : 'apps/v1' },
    reason: AUDIT_REASON,
    message: `${r.title} by ${r.user}: ${r.message}`.slice(0, 1000),
    type: r.outcome === 'succeeded' || r.outcome === 'started' ? 'Normal' : 'Warning',
    count: 1,
    firstTimestamp: at,
    lastTimestamp: at,
    source: { component: 'cni-health' },
    reportingComponent: 'cni-health',
    reportingInstance: 'cni-health',
  };
}

const OUTCOMES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'timed-out', 'started', 'rejected']);

/** The audit view from the events cache: newest first. */
export function auditView(events: readonly EventModel[], limit = 500): AuditView {
  const entries = events
    .filter((e) => e.reason === AUDIT_REASON && e.annotations)
    .map((e): AuditEntryView => {
      const a = e.annotations!;
      const outcome = a[AUDIT_ANNOTATIONS.outcome] ?? '';
      return {
        time: e.lastSeen,
        action: a[AUDIT_ANNOTATIONS.action] ?? '',
        target: `${e.involved.kind}/${e.involved.namespace ? `${e.involved.namespace}/` : ''}${e.involved.name}`,
        user: a[AUDIT_ANNOTATIONS.user] ?? '',
        outcome: (OUTCOMES.has(outcome) ? outcome : 'failed') as AuditEntryView['outcome'],
        message: e.message,
      };
    })
    .sort((x, y) => y.time.localeCompare(x.time));
  return { entries: entries.slice(0, limit) };
}
