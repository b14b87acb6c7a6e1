import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { PermissionView, PlannedCallView, PreviewRequest, PreviewView } from '@/lib/api/remediation';
import { diffJson } from '@/lib/cni/diff';
import type { JsonValue } from '@/lib/cni/json';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { canI, performCall, readTarget } from '@/lib/k8s/actions';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { remediationInfo } from './catalogue';
import { planCommands } from './kubectl';
import type { RequestContext } from './node-plans';
import { accessChecks, planDigest, type Plan, type PlannedCall } from './plan';
import { planAction, type PlanResult } from './planner';
import { recordPreview, type PreviewRecord } from './previews';

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A short random id for a repair request's name: lowercase letters and digits only. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex').slice(0, 10);
}

export function requestPath(call: PlannedCall): string {
  const t = call.target;
  const prefix = t.group === '' ? '/api/v1' : `/apis/${t.group}/v1`;
  const ns = t.namespace ? `/namespaces/${t.namespace}` : '';
  const name = call.verb === 'create' && !t.subresource ? '' : `/${t.name}`;
  const sub = t.subresource ? `/${t.subresource}` : '';
  const method = call.verb === 'create' ? 'POST' : call.verb === 'delete' ? 'DELETE' : 'PATCH';
  return `${method} ${prefix}${ns}/${t.resource}${name}${sub}`;
}

/** Fresh plan from the cache: the same function for the preview and for execution. */
export function planFromCache(cache: ClusterCache, action: string, node: string | undefined, params: PreviewRequest['params'], req: RequestContext): PlanResult {
  const state = cache.state();
  const diagnosis = diagnoseCluster({ ...state, now: Date.now() });
  return planAction(action, node, { diagnosis, daemonsets: state.daemonsets }, params ?? {}, req);
}

export async function checkPermission(user: UserContext, plan: Plan): Promise<PermissionView> {
  const checks = await Promise.all(accessChecks(plan).map(async (c) => ({ ...c, ...(await canI(user.kubeConfig, c)) })));
  const denied = checks.find((c) => !c.allowed);
  return {
    allowed: !denied,
    reason: denied
      ? denied.error
        ? `Could not check permissions: ${denied.error}`
        : `${user.identity.user} may not ${denied.verb} ${denied.resource}${denied.subresource ? `/${denied.subresource}` : ''}${denied.namespace ? ` in namespace ${denied.namespace}` : ''} (Kubernetes RBAC).`
      : undefined,
    checks: checks.map((c) => ({ verb: c.verb, resource: c.subresource ? `${c.resource}/${c.subresource}` : c.resource, namespace: c.namespace, name: c.name, allowed: c.allowed })),
  };
}

/** The part of an object a patch is about: the pod template of a DaemonSet, the spec of a node. */
function relevant(obj: unknown, resource: string): JsonValue {
  const o = obj as { spec?: { template?: { spec?: unknown } } } | undefined;
  return ((resource === 'daemonsets' ? o?.spec?.template?.spec : o?.spec) ?? null) as JsonValue;
}

function callView(call: PlannedCall): Omit<PlannedCallView, 'dryRun'> {
  return { id: call.id, verb: call.verb, request: requestPath(call), description: call.description, patchType: call.patchType, body: call.body, ...(call.fileChange ? { fileChange: call.fileChange } : {}) };
}

async function dryRunCall(user: UserContext, call: PlannedCall): Promise<PlannedCallView> {
  const view: PlannedCallView = { ...callView(call), dryRun: { ok: false } };
  const before = call.verb === 'patch' ? await readTarget(user.kubeConfig, call).catch(() => undefined) : undefined;
  const result = await performCall(user.kubeConfig, call, true);
  if (!result.ok) return { ...view, dryRun: { ok: false, status: result.error.code, message: result.error.message } };
  view.dryRun = { ok: true };
  if (call.verb === 'patch' && before !== undefined) {
    const b = relevant(before, call.target.resource);
    const a = relevant(result.object, call.target.resource);
    view.diff = { before: b, after: a, changes: diffJson(b, a).map((c) => ({ op: c.op === 'move' ? 'change' : c.op, path: c.path })) };
  }
  return view;
}

export async function previewAction(cache: ClusterCache, user: UserContext, body: PreviewRequest, namespace: string): Promise<PlanResult & { preview?: PreviewView }> {
  const req: RequestContext = { id: newRequestId(), at: new Date().toISOString(), by: user.identity.user, namespace, sha256Hex };
  const planned = planFromCache(cache, body.action, body.node, body.params, req);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const info = remediationInfo(plan.action)!;
  const permission = await checkPermission(user, plan);
  const runnable = !plan.blocked && permission.allowed && user.mayMutate;
  // Dry-runs go one by one: a later call may depend on an earlier one only
  // in real execution (none here do), and the API server is not flooded.
  const calls: PlannedCallView[] = [];
  for (const call of plan.calls) {
    calls.push(runnable ? await dryRunCall(user, call) : { ...callView(call), dryRun: { ok: false, message: 'not dry-run: the action cannot run as things stand' } });
  }
  const failedDryRun = calls.find((c) => !c.dryRun.ok);
  const cannot = !user.mayMutate ? user.disabledReason
    : plan.blocked ? plan.blocked
    : !permission.allowed ? permission.reason
    : failedDryRun ? `The API server refused the dry run of "${failedDryRun.request}": ${failedDryRun.dryRun.message ?? `HTTP ${failedDryRun.dryRun.status}`}`
    : undefined;
  // Only a plan that may be applied gets a record: execution runs nothing else.
  let record: PreviewRecord | undefined;
  let unrecorded: string | undefined;
  if (cannot === undefined) {
    try {
      record = await recordPreview({ user: user.identity.user, action: plan.action, node: body.node, params: body.params ?? {}, req, plan }, Date.now());
    } catch (e) {
      unrecorded = `The preview could not be recorded in the cluster (${(e as Error).message}), so it cannot be applied; preview again.`;
    }
  }
  return {
    ok: true,
    plan,
    preview: {
      action: plan.action,
      title: info.title,
      description: info.description,
      target: plan.target,
      calls,
      skipped: plan.skipped,
      warnings: plan.warnings,
      blocked: plan.blocked,
      permission,
      confirmText: plan.confirmText,
      digest: planDigest(plan),
      previewId: record?.id,
      expiresAt: record ? new Date(record.expiresAt).toISOString() : undefined,
      canApply: record !== undefined,
      cannotApplyReason: cannot ?? unrecorded,
      kubectl: planCommands(plan.calls, body.node),
      ...(plan.qos ? { qos: plan.qos } : {}),
    },
  };
}
