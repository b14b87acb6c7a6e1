import 'server-only';
import { createHash } from 'node:crypto';
import type { ExecuteRequest, OperationView } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { remediationInfo } from './catalogue';
import { actorOf, actorText } from './actor';
import { beginOperation, findByKey, operationId } from './operations';
import { checkPermission, planFromCache } from './preview';
import { findPreview, planHash, claimPreview } from './previews';
import { runOperation, type RunTiming } from './run';

export type StartResult = { ok: true; operation: OperationView; replayed: boolean } | { ok: false; code: ErrorView['code']; error: string };

const requestHash = (body: ExecuteRequest): string => createHash('sha256').update(JSON.stringify([body.previewId, body.confirm ?? null])).digest('hex');

function replayOf(existing: { view: OperationView; requestHash: string }, body: ExecuteRequest): StartResult {
  if (existing.requestHash !== requestHash(body)) return { ok: false, code: 'conflict', error: 'This idempotency key was already used for another request; a new request needs a new key.' };
  return { ok: true, operation: existing.view, replayed: true };
}

/** The operation an idempotency key already started (on either replica), or a 409 when the key came with another request. */
async function replay(body: ExecuteRequest, user: string): Promise<StartResult | undefined> {
  const existing = await findByKey(body.idempotencyKey, user);
  return existing ? replayOf(existing, body) : undefined;
}

const unavailable = (e: unknown): StartResult => ({ ok: false, code: 'unavailable', error: `The operation could not be recorded in the cluster before acting, so nothing was done (${(e as Error).message}). Try again.` });

/**
 * Execution: exactly what the dashboard previewed for this user, or nothing.
 * The preview's record (lib/remediation/previews.ts) names the plan; it is
 * re-planned from fresh state with the record's own request context and
 * refused (409) when that differs; RBAC is checked again as the user; the
 * preview is marked used (one execution wins) and the operation recorded
 * in the cluster before anything acts (lib/state/operations.ts); then it
 * runs in the background and this answers at once with the operation.
 */
export async function startAction(cache: ClusterCache, user: UserContext, body: ExecuteRequest, timing?: RunTiming): Promise<StartResult> {
  const who = user.identity.user;
  try {
    const replayed = await replay(body, who);
    if (replayed) return replayed;
  } catch (e) {
    return unavailable(e);
  }
  if (!user.mayMutate) return { ok: false, code: 'forbidden', error: user.disabledReason ?? 'remediation is disabled' };

  const found = await findPreview(body.previewId, who, Date.now());
  if (!found.ok) return found;
  const { record } = found;
  if (record.usedBy && record.usedBy !== body.idempotencyKey) return { ok: false, code: 'conflict', error: 'This preview was already applied. Preview again to act again.' };
  const planned = planFromCache(cache, record.action, record.node, record.params, record.req);
  if (!planned.ok) return { ok: false, code: planned.code, error: planned.error };
  if (planned.plan.blocked) return { ok: false, code: 'conflict', error: `cannot run now: ${planned.plan.blocked}` };
  if (planHash(planned.plan) !== record.planHash) return { ok: false, code: 'conflict', error: 'The situation changed since the preview (the plan is no longer the same). Review the new preview before applying.' };
  const plan = record.plan;
  if (plan.confirmText !== undefined && body.confirm !== plan.confirmText) return { ok: false, code: 'bad-request', error: `type "${plan.confirmText}" to confirm` };
  const permission = await checkPermission(user, plan);
  if (!permission.allowed) return { ok: false, code: 'forbidden', error: permission.reason ?? 'forbidden' };

  try {
    // A concurrent request (on this replica or the other) may have used the preview while we awaited.
    if (!(await claimPreview(found, body.idempotencyKey))) return (await replay(body, who)) ?? { ok: false, code: 'conflict', error: 'This preview was already applied. Preview again to act again.' };
    const view: OperationView = {
      id: operationId(who, body.idempotencyKey),
      action: plan.action,
      title: remediationInfo(plan.action)!.title,
      target: plan.target,
      user: who,
      state: 'running',
      steps: [
        ...plan.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })),
        ...(plan.verify ? [{ id: 'verify', description: 'Check that it worked', state: 'pending' as const }] : []),
      ],
      startedAt: new Date().toISOString(),
    };
    // The namespace the preview planned in (the dashboard's own): the audit Event goes there.
    const begun = await beginOperation(view, { requestHash: requestHash(body), plan: JSON.stringify(plan), namespace: record.req.namespace, actor: actorText(actorOf(user)) });
    if (!begun.created) return replayOf(begun, body);
    void runOperation(cache, user, view.id, plan, record.req.namespace, timing);
    return { ok: true, operation: begun.view, replayed: false };
  } catch (e) {
    return unavailable(e);
  }
}
