import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PreviewRequest } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import type { RequestContext } from './node-plans';
import type { Plan } from './plan';

/**
 * What this server previewed, for whom, until when. Execution names a
 * record by its id and runs that plan, re-planned from fresh state to make
 * sure it still holds; nothing the client sends (a request id, a time, a
 * plan hash) can shape what runs. Records live in this process: with two
 * replicas they would be Kubernetes objects in the dashboard's namespace (a
 * ConfigMap per preview, named by its id, labelled with a hash of the user,
 * with the plan hash and expiry in its data), so either replica can execute
 * what the other previewed, and marking it used is an update with the
 * record's resourceVersion, which the API server lets exactly one writer win
 * (optimistic concurrency: https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
 */
export const PREVIEW_TTL_MS = 5 * 60_000;
/** Expired records are remembered this long, to say "expired" (410) rather than "unknown" (409). */
const REMEMBER_EXPIRED_MS = 60 * 60_000;
const MAX_RECORDS = 2_000;

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

const KEY = Symbol.for('cni-health.previews');
type Global = typeof globalThis & { [KEY]?: Map<string, PreviewRecord> };

function store(): Map<string, PreviewRecord> {
  const g = globalThis as Global;
  g[KEY] ??= new Map();
  return g[KEY];
}

export function recordPreview(fields: Omit<PreviewRecord, 'id' | 'planHash' | 'expiresAt' | 'usedBy'>, now: number): PreviewRecord {
  const s = store();
  for (const [id, r] of s) if (r.expiresAt + REMEMBER_EXPIRED_MS <= now) s.delete(id);
  while (s.size >= MAX_RECORDS) s.delete(s.keys().next().value!);
  const record: PreviewRecord = { ...fields, id: randomBytes(16).toString('base64url'), planHash: planHash(fields.plan), expiresAt: now + PREVIEW_TTL_MS };
  s.set(record.id, record);
  return record;
}

export type FoundPreview = { ok: true; record: PreviewRecord } | { ok: false; code: ErrorView['code']; error: string };

/** The record, when it exists, is this user's and has not expired; someone else's looks like none at all. */
export function findPreview(id: string, user: string, now: number): FoundPreview {
  const r = store().get(id);
  if (!r || r.user !== user) return { ok: false, code: 'conflict', error: 'This server has no such preview for you (it may have restarted): preview again.' };
  if (r.expiresAt <= now) return { ok: false, code: 'gone', error: `This preview expired (previews are valid for ${PREVIEW_TTL_MS / 60_000} minutes): preview again.` };
  return { ok: true, record: r };
}
