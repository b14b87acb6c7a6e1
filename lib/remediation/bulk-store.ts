import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import type { BulkNodeStateView, BulkOperationView } from '@/lib/api/bulk';
import type { ErrorView } from '@/lib/api/views';
import type { BulkNodePlan } from './bulk-plan';
import { PREVIEW_TTL_MS } from './previews';

/**
 * Bulk previews and bulk operations, per server process, as the single-node
 * ones (previews.ts, operations.ts): a bulk execution names a preview this
 * server recorded for this user, and nothing else runs. A bulk operation
 * runs on the server whatever the browser does, and is read by its id.
 */
export interface BulkPreviewRecord {
  id: string;
  user: string;
  ruleId: string;
  action: string;
  title: string;
  nodes: BulkNodePlan[];
  /** planHash (previews.ts) of each node's plan, by node. */
  hashes: Map<string, string>;
  expiresAt: number;
  usedBy?: string;
}

interface StoredOp { view: BulkOperationView; key: string; requestHash: string; cancel: boolean; createdAt: number }

const KEEP_MS = 60 * 60_000;
const MAX_PREVIEWS = 200;
const MAX_OPS = 100;

const KEY = Symbol.for('cni-health.bulk');
type Global = typeof globalThis & { [KEY]?: { previews: Map<string, BulkPreviewRecord>; ops: Map<string, StoredOp> } };

function store(): { previews: Map<string, BulkPreviewRecord>; ops: Map<string, StoredOp> } {
  const g = globalThis as Global;
  g[KEY] ??= { previews: new Map(), ops: new Map() };
  return g[KEY];
}

export function recordBulkPreview(fields: Omit<BulkPreviewRecord, 'id' | 'expiresAt' | 'usedBy'>, now: number): BulkPreviewRecord {
  const { previews } = store();
  for (const [id, r] of previews) if (r.expiresAt + KEEP_MS <= now) previews.delete(id);
  while (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value!);
  const record: BulkPreviewRecord = { ...fields, id: randomBytes(16).toString('base64url'), expiresAt: now + PREVIEW_TTL_MS };
  previews.set(record.id, record);
  return record;
}

export type FoundBulkPreview = { ok: true; record: BulkPreviewRecord } | { ok: false; code: ErrorView['code']; error: string };

/** Someone else's preview looks like none at all. */
export function findBulkPreview(id: string, user: string, now: number): FoundBulkPreview {
  const r = store().previews.get(id);
  if (!r || r.user !== user) return { ok: false, code: 'conflict', error: 'This server has no such bulk preview for you (it may have restarted): preview again.' };
  if (r.expiresAt <= now) return { ok: false, code: 'gone', error: `This bulk preview expired (previews are valid for ${PREVIEW_TTL_MS / 60_000} minutes): preview again.` };
  return { ok: true, record: r };
}

const isRunning = (v: BulkOperationView): boolean => v.state === 'running' || v.state === 'cancelling';

function prune(now: number): void {
  const { ops } = store();
  for (const [id, op] of ops) {
    if (isRunning(op.view)) continue;
    const finished = Date.parse(op.view.finishedAt ?? '') || op.createdAt;
    if (now - finished > KEEP_MS || ops.size > MAX_OPS) ops.delete(id);
  }
}

export function findBulkByKey(key: string, user: string): { view: BulkOperationView; requestHash: string } | undefined {
  for (const op of store().ops.values()) if (op.key === key && op.view.user === user) return { view: op.view, requestHash: op.requestHash };
  return undefined;
}

export function createBulkOperation(fields: Omit<BulkOperationView, 'id' | 'counts' | 'nodes' | 'state' | 'startedAt'>, nodes: readonly string[], key: string, requestHash: string): BulkOperationView {
  const now = Date.now();
  prune(now);
  const view: BulkOperationView = {
    ...fields,
    id: randomUUID(),
    state: 'running',
    counts: { queued: nodes.length, running: 0, verified: 0, failed: 0, skipped: 0 },
    nodes: nodes.map((node) => ({ node, state: 'queued' })),
    startedAt: new Date(now).toISOString(),
  };
  store().ops.set(view.id, { view, key, requestHash, cancel: false, createdAt: now });
  return view;
}

export function setNodeState(id: string, node: string, state: BulkNodeStateView, message?: string, operationId?: string): void {
  const op = store().ops.get(id);
  const n = op?.view.nodes.find((x) => x.node === node);
  if (!op || !n) return;
  op.view.counts[n.state]--;
  op.view.counts[state]++;
  Object.assign(n, { state, message, ...(operationId ? { operationId } : {}) });
}

export function finishBulk(id: string, state: BulkOperationView['state'], outcome: string): void {
  const op = store().ops.get(id);
  if (op) Object.assign(op.view, { state, outcome, finishedAt: new Date().toISOString() });
}

/** Asks a running bulk operation to start no new node. Its own user only. */
export function requestCancel(id: string, user: string): BulkOperationView | undefined {
  const op = store().ops.get(id);
  if (!op || op.view.user !== user) return undefined;
  if (op.view.state === 'running') {
    op.cancel = true;
    op.view.state = 'cancelling';
  }
  return structuredClone(op.view);
}

export const cancelRequested = (id: string): boolean => store().ops.get(id)?.cancel === true;

export function snapshotBulk(id: string): BulkOperationView | undefined {
  const op = store().ops.get(id);
  return op ? structuredClone(op.view) : undefined;
}
