import 'server-only';
import { randomBytes } from 'node:crypto';
import type { BulkNodeStateView, BulkOperationView } from '@/lib/api/bulk';
import type { ErrorView } from '@/lib/api/views';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { loadPreview, markPreviewUsed, savePreview, type StoredPreview } from '@/lib/state/previews';
import { bounded, bulkLedgerOf, type BulkEntry, type BulkLedger, type BulkPlanRecord } from '@/lib/state/bulks';
import { operationId } from './operations';
import type { AccessCheck } from './plan';
import { PREVIEW_TTL_MS } from './previews';

/**
 * Bulk previews live where single previews do (lib/state/previews.ts: a
 * Secret per preview in the dashboard's namespace), so either replica
 * executes what the other previewed: behind a Service, the execute request
 * rarely reaches the replica that answered the preview. What is kept is what
 * execution needs (each node's plan hash and request id, and the access
 * checks), not the plans: a 1,000-node preview stays far below a Secret's
 * 1 MiB. Its object name is derived from `bulk\0<id>`, so a bulk id can
 * never name a single preview, nor the reverse. Bulk operations live in the
 * cluster too (lib/state/bulks.ts): either replica reads them, and the Lease
 * holder goes on with one whose replica died (bulk-resume.ts).
 */
export interface BulkPreviewRecord {
  id: string;
  user: string;
  ruleId: string;
  action: string;
  title: string;
  /** When the plans were made (every node's request shares it). */
  at: string;
  /** Each node with its plan's hash (planHash) and the request id its calls carry. */
  items: Array<{ node: string; hash: string; req: string }>;
  /** The access checks of every node's calls, one per verb, resource and namespace. */
  checks: AccessCheck[];
  expiresAt: number;
}

type StoredBulk = Omit<BulkPreviewRecord, 'id'>;
const storeKey = (id: string): string => `bulk\u0000${id}`;

export async function recordBulkPreview(fields: Omit<BulkPreviewRecord, 'id' | 'expiresAt'>, now: number): Promise<BulkPreviewRecord> {
  const record: BulkPreviewRecord = { ...fields, id: randomBytes(16).toString('base64url'), expiresAt: now + PREVIEW_TTL_MS };
  const { id, ...stored } = record;
  await savePreview(getDashboardState().records, storeKey(id), stored, record.expiresAt);
  return record;
}

export type FoundBulkPreview = { ok: true; record: BulkPreviewRecord; usedBy?: string; stored: StoredPreview<StoredBulk> } | { ok: false; code: ErrorView['code']; error: string };

/** Someone else's preview looks like none at all. */
export async function findBulkPreview(id: string, user: string, now: number): Promise<FoundBulkPreview> {
  let found: StoredPreview<StoredBulk> | undefined;
  try {
    found = await loadPreview<StoredBulk>(getDashboardState().records, storeKey(id));
  } catch (e) {
    return { ok: false, code: 'unavailable', error: `the bulk preview could not be read from the cluster: ${(e as Error).message}` };
  }
  const v = found?.value;
  if (!found || !v || v.user !== user || !Array.isArray(v.items) || !Array.isArray(v.checks)) {
    return { ok: false, code: 'conflict', error: 'The dashboard has no such bulk preview for you (it may have been swept): preview again.' };
  }
  if (v.expiresAt <= now) return { ok: false, code: 'gone', error: `This bulk preview expired (previews are valid for ${PREVIEW_TTL_MS / 60_000} minutes): preview again.` };
  return { ok: true, record: { ...v, id }, stored: found, ...(found.usedBy ? { usedBy: found.usedBy } : {}) };
}

/** Marks the preview used by this execution; false when another execution (on either replica) got there first. */
export async function claimBulkPreview(found: Extract<FoundBulkPreview, { ok: true }>, idempotencyKey: string): Promise<boolean> {
  return (await markPreviewUsed(getDashboardState().records, found.stored, idempotencyKey)) === 'ok';
}

/** The bulk repair's id: derived from the user and their key, so a retry on either replica finds the one it started. */
export const bulkIdOf = (user: string, key: string): string => operationId(user, `bulk\u0000${key}`);

const ledger = (): BulkLedger => {
  const { records, identity } = getDashboardState();
  return bulkLedgerOf(records, identity);
};

export async function findBulkByKey(key: string, user: string): Promise<{ view: BulkOperationView; requestHash: string } | undefined> {
  const e = await ledger().get(bulkIdOf(user, key));
  return e && e.view.user === user ? { view: ledger().peek(e.view.id)?.view ?? e.view, requestHash: e.requestHash } : undefined;
}

/** The write-ahead record of a bulk repair, before any node is touched. Throws when the API server cannot take it. */
export async function createBulkOperation(
  fields: Omit<BulkOperationView, 'id' | 'counts' | 'nodes' | 'state' | 'startedAt'>, plan: BulkPlanRecord, key: string, requestHash: string, actor: string | undefined,
): Promise<{ created: boolean; entry: BulkEntry }> {
  const view: BulkOperationView = {
    ...fields,
    id: bulkIdOf(fields.user, key),
    state: 'running',
    counts: { queued: plan.items.length, running: 0, verified: 0, failed: 0, skipped: 0 },
    nodes: plan.items.map(({ node }) => ({ node, state: 'queued' })),
    startedAt: new Date().toISOString(),
  };
  return ledger().begin({ view, plan, key, requestHash, ...(actor ? { actor } : {}), cancel: false });
}

export function setNodeState(id: string, node: string, state: BulkNodeStateView, message?: string, operationId?: string): void {
  ledger().update(id, ({ view }) => {
    const n = view.nodes.find((x) => x.node === node);
    if (!n) return;
    view.counts[n.state]--;
    view.counts[state]++;
    n.state = state;
    if (message) n.message = bounded(message);
    else delete n.message;
    if (operationId) n.operationId = operationId;
  });
}

export async function finishBulk(id: string, state: BulkOperationView['state'], outcome: string): Promise<void> {
  ledger().update(id, ({ view }) => Object.assign(view, { state, outcome, finishedAt: new Date().toISOString() }));
  await ledger().flush(id);
}

/** Asks a running bulk operation, on whichever replica runs it, to start no new node. Its own user only. */
export const requestCancel = (id: string, user: string): Promise<BulkOperationView | undefined> => ledger().requestCancel(id, user);

export const cancelRequested = (id: string): Promise<boolean> => ledger().cancelled(id);

/** The bulk repair wherever it runs: this replica's copy while it runs it, else the cluster's record. */
export const snapshotBulk = (id: string): Promise<BulkOperationView | undefined> => ledger().read(id);
