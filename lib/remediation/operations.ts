import 'server-only';
import type { OperationView } from '@/lib/api/remediation';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { fromRecord, objectName, operationId, type Begun, type OperationExtra } from '@/lib/state/operations';

/**
 * Operations, for the remediation code: kept in the cluster by this
 * replica's ledger (lib/state/operations.ts), so either replica answers for
 * any operation, a restart loses none, and an idempotency key retried on
 * the other replica finds the operation it started.
 */
export { operationId };

/** The write-ahead record, created before the first call is made. */
export function beginOperation(view: OperationView, extra: OperationExtra): Promise<Begun> {
  return getDashboardState().ledger.begin(view, extra);
}

/** The operation an idempotency key started, with the hash of the request it came with. */
export async function findByKey(idempotencyKey: string, user: string): Promise<{ view: OperationView; requestHash: string } | undefined> {
  const { ledger, records } = getDashboardState();
  const id = operationId(user, idempotencyKey);
  const r = await records.get(objectName(id));
  const e = r && fromRecord(r);
  if (!e) return undefined;
  return { view: ledger.peek(id) ? structuredClone(ledger.peek(id)!) : e.view, requestHash: e.extra.requestHash };
}

/** This replica's copy of an operation it runs (or ran), if any. */
export function getOperation(id: string): OperationView | undefined {
  return getDashboardState().ledger.peek(id);
}

export function snapshotOperation(id: string): OperationView | undefined {
  const op = getOperation(id);
  return op ? structuredClone(op) : undefined;
}

/** The operation wherever it runs: this replica's copy while it runs it, else the cluster's record. */
export function readOperation(id: string): Promise<OperationView | undefined> {
  return getDashboardState().ledger.read(id);
}

/** Whether this replica still runs it: false once another replica has taken it over. */
export function ownsOperation(id: string): boolean {
  return getDashboardState().ledger.owns(id);
}

/** Operations are updated in place by their runner and written to the cluster shortly after. */
export function updateOperation(id: string, patch: (op: OperationView, extra: OperationExtra) => void): void {
  getDashboardState().ledger.update(id, patch);
}

/** Writes the operation's record now (resolves once written, or once the attempt failed: it is then retried with backoff). */
export function flushOperation(id: string): Promise<void> {
  return getDashboardState().ledger.flush(id);
}
