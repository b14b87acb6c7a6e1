import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PreviewRequest } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import { getDashboardState } from '@/lib/state/dashboard-state';
import { loadPreview, markPreviewUsed, savePreview, type StoredPreview } from '@/lib/state/previews';
import type { RequestContext } from './node-plans';
import type { Plan } from './plan';

/**
 * What the dashboard previewed, for whom, until when. Execution names a
 * record by its id and runs that plan, re-planned from fresh state to make
 * sure it still holds; nothing the client sends (a request id, a time, a
 * plan hash) can shape what runs. Records live where the dashboard's state
 * lives (lib/state/previews.ts: a Secret per preview in its namespace), so
 * either replica executes what the other previewed; marking one used is an
 * update with the record's resourceVersion, which the API server lets
 * exactly one writer win (optimistic concurrency:
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
 */
export const PREVIEW_TTL_MS = 5 * 60_000;
/** Expired records are remembered this long, to say "expired" (410) rather than "unknown" (409); the leader sweeps them after. */
export const REMEMBER_EXPIRED_MS = 60 * 60_000;

export interface PreviewRecord {
  id: string;
  user: string;
  action: string;
  node: string | undefined;
  params: PreviewRequest['params'];
  req: RequestContext;
  plan: Plan;
  planHash: string;
  expiresAt: number;
  /** The idempotency key of the execution that used it; a preview runs once. */
  usedBy?: string;
}

/** SHA-256 of what the plan does: every call, its target and body, and the action's target. */
export function planHash(plan: Plan): string {
  const canon = JSON.stringify({ a: plan.action, t: plan.target, c: plan.calls.map((c) => [c.id, c.verb, c.target, c.patchType, c.body]), v: plan.verify ?? null, k: plan.confirmText ?? null });
  return createHash('sha256').update(canon).digest('hex');
}

type Stored = Omit<PreviewRecord, 'req' | 'usedBy'> & { req: Omit<RequestContext, 'sha256Hex'> };

const sha256Hex = (t: string): string => createHash('sha256').update(t).digest('hex');

export async function recordPreview(fields: Omit<PreviewRecord, 'id' | 'planHash' | 'expiresAt' | 'usedBy'>, now: number): Promise<PreviewRecord> {
  const record: PreviewRecord = { ...fields, id: randomBytes(16).toString('base64url'), planHash: planHash(fields.plan), expiresAt: now + PREVIEW_TTL_MS };
  const { sha256Hex: _fn, ...req } = record.req;
  const stored: Stored = { ...record, req };
  await savePreview(getDashboardState().records, record.id, stored, record.expiresAt);
  return record;
}

export type FoundPreview = { ok: true; record: PreviewRecord; stored: StoredPreview<Stored> } | { ok: false; code: ErrorView['code']; error: string };

/** The record, when it exists, is this user's and has not expired; someone else's looks like none at all. */
export async function findPreview(id: string, user: string, now: number): Promise<FoundPreview> {
  let found: StoredPreview<Stored> | undefined;
  try {
    found = await loadPreview<Stored>(getDashboardState().records, id);
  } catch (e) {
    return { ok: false, code: 'unavailable', error: `the preview could not be read from the cluster: ${(e as Error).message}` };
  }
  const v = found?.value;
  if (!found || !v || v.user !== user) return { ok: false, code: 'conflict', error: 'The dashboard has no such preview for you (it may have been swept): preview again.' };
  if (v.expiresAt <= now) return { ok: false, code: 'gone', error: `This preview expired (previews are valid for ${PREVIEW_TTL_MS / 60_000} minutes): preview again.` };
  return { ok: true, stored: found, record: { ...v, req: { ...v.req, sha256Hex }, ...(found.usedBy ? { usedBy: found.usedBy } : {}) } };
}

/** Marks the preview used by this execution; false when another execution got there first. */
export async function claimPreview(found: Extract<FoundPreview, { ok: true }>, idempotencyKey: string): Promise<boolean> {
  return (await markPreviewUsed(getDashboardState().records, found.stored, idempotencyKey)) === 'ok';
}
