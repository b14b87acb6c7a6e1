import 'server-only';
import { createHash } from 'node:crypto';
import type { ExecuteRequest, OperationView } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { remediationInfo } from './catalogue';
import { createOperation, findByKey, snapshotOperation } from './operations';
import { checkPermission, planFromCache } from './preview';
import { findPreview, planHash } from './previews';
import { runOperation, type RunTiming } from './run';

export type StartResult = { ok: true; operation: OperationView; replayed: boolean } | { ok: false; code: ErrorView['code']; error: string };

const requestHash = (body: ExecuteRequest): string => createHash('sha256').update(JSON.stringify([body.previewId, body.confirm ?? null])).digest('hex');

/** The operation an idempotency key already started, or a 409 when the key came with another request. */
function replay(body: ExecuteRequest, user: string): StartResult | undefined {
  const existing = findByKey(body.idempotencyKey, user);
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash(body)) return { ok: false, code: 'conflict', error: 'This idempotency key was already used for another request; a new request needs a new key.' };
  return { ok: true, operation: structuredClone(existing.view), replayed: true };
}

/**
 * Execution: exactly what this server previewed for this user, or nothing.
 * The preview's record (lib/remediation/previews.ts) names the plan; it is
 * re-planned from fresh state with the record's own request context and
 * refused (409) when that differs; RBAC is checked again as the user; then
 * it runs in the background and this answers at once with the operation.
 */
export async function startAction(cache: ClusterCache, user: UserContext, body: ExecuteRequest, timing?: RunTiming): Promise<StartResult> {
  const who = user.identity.user;
  const replayed = replay(body, who);
  if (replayed) return replayed;
  if (!user.mayMutate) return { ok: false, code: 'forbidden', error: user.disabledReason ?? 'remediation is disabled' };

  const found = findPreview(body.previewId, who, Date.now());
  if (!found.ok) return found;
  const { record } = found;
  if (record.usedBy) return { ok: false, code: 'conflict', error: 'This preview was already applied. Preview again to act again.' };
  const planned = planFromCache(cache, record.action, record.node, record.params, record.req);
  if (!planned.ok) return { ok: false, code: planned.code, error: planned.error };
  if (planned.plan.blocked) return { ok: false, code: 'conflict', error: `cannot run now: ${planned.plan.blocked}` };
  if (planHash(planned.plan) !== record.planHash) return { ok: false, code: 'conflict', error: 'The situation changed since the preview (the plan is no longer the same). Review the new preview before applying.' };
  const plan = record.plan;
  if (plan.confirmText !== undefined && body.confirm !== plan.confirmText) return { ok: false, code: 'bad-request', error: `type "${plan.confirmText}" to confirm` };
  const permission = await checkPermission(user, plan);
  if (!permission.allowed) return { ok: false, code: 'forbidden', error: permission.reason ?? 'forbidden' };

  // A concurrent request may have registered, or used the preview, while we awaited.
  const raced = replay(body, who);
  if (raced) return raced;
  if (record.usedBy) return { ok: false, code: 'conflict', error: 'This preview was already applied. Preview again to act again.' };
  record.usedBy = body.idempotencyKey;

  const title = remediationInfo(plan.action)!.title;
  const op = createOperation({
    action: plan.action,
    title,
    target: plan.target,
    user: who,
    state: 'running',
    steps: [
      ...plan.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })),
      ...(plan.verify ? [{ id: 'verify', description: 'Check that it worked', state: 'pending' as const }] : []),
    ],
    startedAt: new Date().toISOString(),
  }, body.idempotencyKey, requestHash(body));
  // The namespace the preview planned in (the dashboard's own): the audit Event goes there.
  void runOperation(cache, user, op.id, plan, title, record.req.namespace, timing);
  return { ok: true, operation: snapshotOperation(op.id)!, replayed: false };
}
