import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { OperationView } from '@/lib/api/remediation';
import { createEvent } from '@/lib/k8s/actions';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { auditEvent, type AuditRecord } from './audit';

/**
 * The end of an operation, wherever it ran: its final state and its audit
 * record go into the operation's record in the cluster first (so neither is
 * lost if the Event cannot be written now, or this replica dies), then the
 * Event is written. It is named after the operation (audit.ts), so a retry
 * after an ambiguous failure (a reset after the API server stored it) meets
 * 409 AlreadyExists, which counts as written: one record per operation.
 * Until written, the operation says "audit record pending, retrying", and
 * the leading replica retries (lib/remediation/worker.ts).
 */
export const AUDIT_PENDING = 'audit record pending, retrying';
export const AUDIT_RECORDED = 'recorded';

export function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), component: 'cni-health', msg: 'remediation', ...fields }));
}

/** Writes the audit Event; AlreadyExists is success (an earlier attempt stored it). */
export async function writeAudit(kc: KubeConfig, record: AuditRecord, namespace: string, instance: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const out = await createEvent(kc, auditEvent(record, namespace, instance));
  if (out.ok || out.error.code === 409) return { ok: true };
  return { ok: false, error: out.error.message };
}

export type Outcome = Exclude<AuditRecord['outcome'], 'started' | 'rejected'>;

export async function finishOperation(kc: KubeConfig, opId: string, outcome: Outcome, message: string, namespace: string): Promise<void> {
  const { ledger, identity } = getDashboardState();
  const op = ledger.peek(opId);
  // Another replica took it over meanwhile: it finishes and audits it.
  if (!op || !ledger.owns(opId)) return;
  const record: AuditRecord = { operationId: opId, action: op.action, title: op.title, target: op.target, user: op.user, outcome, message, at: new Date().toISOString() };
  ledger.update(opId, (o: OperationView, extra) => {
    o.state = outcome;
    o.outcome = message;
    o.finishedAt = record.at;
    o.audit = { state: 'pending', message: AUDIT_PENDING };
    extra.audit = JSON.stringify(record);
  });
  log({ operation: opId, action: op.action, target: op.target, user: op.user, outcome, message });
  await ledger.flush(opId);
  const written = await writeAudit(kc, record, namespace, identity);
  if (!written.ok) {
    log({ operation: opId, audit: 'pending', error: written.error });
    return;
  }
  ledger.update(opId, (o, extra) => {
    o.audit = { state: 'recorded', message: AUDIT_RECORDED };
    extra.auditWritten = true;
  });
  await ledger.flush(opId);
}
