import 'server-only';
import { randomBytes } from 'node:crypto';
import type { BulkNodeStateView, BulkOperationView } from '@/lib/api/bulk';
import type { ErrorView } from '@/lib/api/views';
import type { BulkNodePlan } from './bulk-plan';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { bounded, bulkLedgerOf, type BulkEntry, type BulkLedger, type BulkPlanRecord } from '@/lib/state/bulks';
import { operationId } from './operations';
import { PREVIEW_TTL_MS } from './previews';

/**
 * Bulk previews, per server process: a bulk execution names a preview this
 * server recorded for this user, and nothing else runs. Bulk operations
 * live in the cluster (lib/state/bulks.ts): either replica reads them, and
 * the Lease holder goes on with one whose replica died (bulk-resume.ts).
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

const KEEP_MS = 60 * 60_000;
const MAX_PREVIEWS = 200;

const KEY = Symbol.for('cni-health.bulk');
type Global = typeof globalThis & { [KEY]?: { previews: Map<string, BulkPreviewRecord> } };

function store(): { previews: Map<string, BulkPreviewRecord> } {
  const g = globalThis as Global;
  g[KEY] ??= { previews: new Map() };
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
