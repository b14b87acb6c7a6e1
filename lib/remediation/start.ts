import 'server-only';
import type { ExecuteRequest, OperationView } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { remediationInfo } from './catalogue';
import { createOperation, findByKey, snapshotOperation } from './operations';
import { planDigest } from './plan';
import { checkPermission, planFromCache, sha256Hex } from './preview';
import { runOperation, type RunTiming } from './run';

export type StartResult = { ok: true; operation: OperationView; replayed: boolean } | { ok: false; code: ErrorView['code']; error: string };

/**
 * Execution: the same plan the user previewed, or nothing. Re-plans from
 * fresh state with the preview's request id and refuses (409) when the plan
 * changed; checks RBAC again as the user; then runs in the background and
 * answers at once with the operation to follow.
 */
export async function startAction(cache: ClusterCache, user: UserContext, body: ExecuteRequest, namespace: string, timing?: RunTiming): Promise<StartResult> {
  const existing = findByKey(body.idempotencyKey, user.identity.user);
  if (existing) return { ok: true, operation: structuredClone(existing), replayed: true };
  if (!user.mayMutate) return { ok: false, code: 'forbidden', error: user.disabledReason ?? 'remediation is disabled' };

  const planned = planFromCache(cache, body.action, body.node, body.params, { id: body.requestId, at: body.requestedAt, by: user.identity.user, namespace, sha256Hex });
  if (!planned.ok) return { ok: false, code: planned.code, error: planned.error };
  const { plan } = planned;
  if (plan.blocked) return { ok: false, code: 'conflict', error: `cannot run now: ${plan.blocked}` };
  if (planDigest(plan) !== body.digest) return { ok: false, code: 'conflict', error: 'The situation changed since the preview (the plan is no longer the same). Review the new preview before applying.' };
  if (plan.confirmText !== undefined && body.confirm !== plan.confirmText) return { ok: false, code: 'bad-request', error: `type "${plan.confirmText}" to confirm` };
  const permission = await checkPermission(user, plan);
  if (!permission.allowed) return { ok: false, code: 'forbidden', error: permission.reason ?? 'forbidden' };

  // A concurrent identical request may have registered while we awaited.
  const raced = findByKey(body.idempotencyKey, user.identity.user);
  if (raced) return { ok: true, operation: structuredClone(raced), replayed: true };

  const title = remediationInfo(plan.action)!.title;
  const op = createOperation({
    action: plan.action,
    title,
    target: plan.target,
    user: user.identity.user,
    state: 'running',
    steps: [
      ...plan.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })),
      ...(plan.verify ? [{ id: 'verify', description: 'Check that it worked', state: 'pending' as const }] : []),
    ],
    startedAt: new Date().toISOString(),
  }, body.idempotencyKey);
  void runOperation(cache, user, op.id, plan, title, namespace, timing);
  return { ok: true, operation: snapshotOperation(op.id)!, replayed: false };
}
