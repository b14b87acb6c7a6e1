import 'server-only';
import { randomUUID } from 'node:crypto';
import type { OperationView } from '@/lib/api/remediation';

/**
 * Operations in flight and recently finished, per server process. Keyed
 * also by the client's idempotency key, so a double click or a retry after
 * a lost response gets the same operation instead of acting twice.
 */
const KEEP_MS = 60 * 60_000;
const MAX_KEPT = 500;

interface Stored {
  view: OperationView;
  key: string;
  /** A hash of the request the key came with: the same key with another request is refused. */
  requestHash: string;
  createdAt: number;
}

const KEY = Symbol.for('cni-health.operations');
type Global = typeof globalThis & { [KEY]?: Map<string, Stored> };

function store(): Map<string, Stored> {
  const g = globalThis as Global;
  g[KEY] ??= new Map();
  return g[KEY];
}

/**
 * Finished operations go an hour after they finished. One still running is
 * never dropped: a DaemonSet rollout on a large fleet verifies for hours.
 */
function prune(now: number): void {
  const s = store();
  for (const [id, op] of s) {
    if (['running', 'verifying'].includes(op.view.state)) continue;
    const finished = Date.parse(op.view.finishedAt ?? '') || op.createdAt;
    if (now - finished > KEEP_MS || s.size > MAX_KEPT) s.delete(id);
  }
}

export function findByKey(idempotencyKey: string, user: string): { view: OperationView; requestHash: string } | undefined {
  for (const op of store().values()) if (op.key === idempotencyKey && op.view.user === user) return { view: op.view, requestHash: op.requestHash };
  return undefined;
}

export function getOperation(id: string): OperationView | undefined {
  return store().get(id)?.view;
}

export function createOperation(view: Omit<OperationView, 'id'>, idempotencyKey: string, requestHash: string): OperationView {
  const now = Date.now();
  prune(now);
  const full: OperationView = { ...view, id: randomUUID() };
  store().set(full.id, { view: full, key: idempotencyKey, requestHash, createdAt: now });
  return full;
}

/** Operations are updated in place by their runner; readers get a copy. */
export function updateOperation(id: string, patch: (op: OperationView) => void): void {
  const op = store().get(id);
  if (op) patch(op.view);
}

export function snapshotOperation(id: string): OperationView | undefined {
  const op = getOperation(id);
  return op ? structuredClone(op) : undefined;
}
