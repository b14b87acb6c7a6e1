import 'server-only';
import { createHash } from 'node:crypto';
import type { BulkCallView, BulkExecuteRequest, BulkOperationView, BulkPreviewRequest, BulkPreviewView } from '@/lib/api/bulk';
import type { PermissionView } from '@/lib/api/remediation';
import type { ErrorView } from '@/lib/api/views';
import { canI, performCall } from '@/lib/k8s/actions';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { actorOf, actorText } from './actor';
import { planBulk } from './bulk-plan';
import { runBulkOperation, type FleetSource } from './bulk-run';
import { claimBulkPreview, createBulkOperation, findBulkByKey, findBulkPreview, recordBulkPreview } from './bulk-store';
import { remediationInfo } from './catalogue';
import { planCommands } from './kubectl';
import type { AccessCheck, Plan } from './plan';
import { newRequestId, requestPath, sha256Hex } from './preview';
import { planHash } from './previews';
import { DEFAULT_TIMING, type RunTiming } from './run';

export type { FleetSource };

/** Nodes acted on at once: `CNI_HEALTH_BULK_CONCURRENCY` (1 to 50), 5 by default. */
export function bulkConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CNI_HEALTH_BULK_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 5;
}

/** Dry runs in flight at once during a bulk preview: the API server is not flooded. */
const DRY_RUN_WIDTH = 8;

async function mapLimit<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

/**
 * One SelfSubjectAccessReview per verb, resource and namespace, without the
 * object's name: allowed means allowed for every name, so a hundred nodes
 * cost a few reviews. A user allowed only some names (RBAC resourceNames) is
 * refused here, conservatively; each node is checked again by name before
 * its turn, as a single-node execution is.
 */
function bulkChecks(plans: readonly Plan[]): AccessCheck[] {
  const seen = new Map<string, AccessCheck>();
  for (const p of plans) for (const c of p.calls) {
    const check: AccessCheck = { verb: c.verb, group: c.target.group, resource: c.target.resource, subresource: c.target.subresource, namespace: c.target.namespace };
    seen.set(JSON.stringify(check), check);
  }
  return [...seen.values()];
}

async function bulkPermission(user: UserContext, wanted: readonly AccessCheck[]): Promise<PermissionView> {
  const checks = await Promise.all(wanted.map(async (c) => ({ ...c, ...(await canI(user.kubeConfig, c)) })));
  const denied = checks.find((c) => !c.allowed);
  return {
    allowed: !denied,
    reason: denied
      ? denied.error ? `Could not check permissions: ${denied.error}`
        : `${user.identity.user} may not ${denied.verb} ${denied.resource}${denied.subresource ? `/${denied.subresource}` : ''}${denied.namespace ? ` in namespace ${denied.namespace}` : ''} (Kubernetes RBAC).`
      : undefined,
    checks: checks.map((c) => ({ verb: c.verb, resource: c.subresource ? `${c.resource}/${c.subresource}` : c.resource, namespace: c.namespace, allowed: c.allowed })),
  };
}

export type BulkPreviewResult = { ok: true; preview: BulkPreviewView } | { ok: false; code: ErrorView['code']; error: string };

/** The plan of every node with the finding, the user's permissions, and a server-side dry run of every call. */
export async function previewBulk(fleet: FleetSource, user: UserContext, body: BulkPreviewRequest, namespace: string): Promise<BulkPreviewResult> {
  const at = new Date().toISOString();
  const planned = planBulk(fleet.all(), body.ruleId, body.action, () => ({ id: newRequestId(), at, by: user.identity.user, namespace, sha256Hex }));
  if (!planned.ok) return planned;
  const { plan } = planned;
  const info = remediationInfo(plan.action)!;
  const findingTitle = fleet.one(plan.nodes[0]?.node ?? plan.excluded[0]?.node ?? '')?.findings.find((f) => f.ruleId === plan.ruleId)?.title ?? plan.ruleId;
  const checks = bulkChecks(plan.nodes.map((n) => n.plan));
  const permission = plan.nodes.length > 0 ? await bulkPermission(user, checks) : { allowed: false, reason: 'no node can be repaired', checks: [] };
  const runnable = permission.allowed && user.mayMutate && plan.nodes.length > 0;
  const nodes = await mapLimit(plan.nodes, DRY_RUN_WIDTH, async (n) => {
    const calls: BulkCallView[] = [];
    for (const call of n.plan.calls) {
      const res = runnable ? await performCall(user.kubeConfig, call, true) : undefined;
      calls.push({
        request: requestPath(call),
        description: call.description,
        dryRun: !res ? { ok: false, message: 'not dry-run: the action cannot run as things stand' } : res.ok ? { ok: true } : { ok: false, status: res.error.code, message: res.error.message },
      });
    }
    return { node: n.node, calls, kubectl: planCommands(n.plan.calls, n.node) };
  });
  const refused = nodes.find((n) => n.calls.some((c) => !c.dryRun.ok));
  const refusedCall = refused?.calls.find((c) => !c.dryRun.ok);
  const cannot = !user.mayMutate ? user.disabledReason
    : plan.nodes.length === 0 ? 'No node with this finding can be repaired (see why for each).'
    : !permission.allowed ? permission.reason
    : refused ? `The API server refused the dry run of "${refusedCall!.request}" on ${refused.node}: ${refusedCall!.dryRun.message ?? `HTTP ${refusedCall!.dryRun.status}`}`
    : undefined;
  let record;
  if (cannot === undefined) {
    const items = plan.nodes.map((n) => ({ node: n.node, hash: planHash(n.plan), req: n.req.id }));
    try {
      record = await recordBulkPreview({ user: user.identity.user, ruleId: plan.ruleId, action: plan.action, title: info.title, at: plan.nodes[0]?.req.at ?? new Date().toISOString(), items, checks }, Date.now());
    } catch (e) {
      return { ok: false, code: 'unavailable', error: `the bulk preview could not be recorded in the cluster, so it cannot be applied: ${(e as Error).message}` };
    }
  }
  return {
    ok: true,
    preview: {
      ruleId: plan.ruleId, findingTitle, action: plan.action, title: info.title, description: info.description,
      nodes, excluded: plan.excluded, warnings: plan.warnings, permission,
      confirmText: plan.confirmText, concurrency: bulkConcurrency(),
      previewId: record?.id, expiresAt: record ? new Date(record.expiresAt).toISOString() : undefined,
      canApply: cannot === undefined, cannotApplyReason: cannot,
    },
  };
}

export type BulkStartResult = { ok: true; operation: BulkOperationView; replayed: boolean } | { ok: false; code: ErrorView['code']; error: string };

const requestHash = (b: BulkExecuteRequest): string => createHash('sha256').update(JSON.stringify([b.previewId, b.confirm])).digest('hex');

async function replay(body: BulkExecuteRequest, user: string): Promise<BulkStartResult | undefined> {
  const existing = await findBulkByKey(body.idempotencyKey, user);
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash(body)) return { ok: false, code: 'conflict', error: 'This idempotency key was already used for another request; a new request needs a new key.' };
  return { ok: true, operation: structuredClone(existing.view), replayed: true };
}

/** Executes what this server previewed for this user, after the typed count; runs on the server, followed by its id. */
export async function startBulk(cache: ClusterCache, fleet: FleetSource, user: UserContext, body: BulkExecuteRequest, namespace: string, timing: RunTiming = DEFAULT_TIMING): Promise<BulkStartResult> {
  const who = user.identity.user;
  const replayed = await replay(body, who);
  if (replayed) return replayed;
  if (!user.mayMutate) return { ok: false, code: 'forbidden', error: user.disabledReason ?? 'remediation is disabled' };
  const found = await findBulkPreview(body.previewId, who, Date.now());
  if (!found.ok) return found;
  const { record } = found;
  const used = { ok: false as const, code: 'conflict' as const, error: 'This bulk preview was already applied. Preview again to act again.' };
  if (found.usedBy && found.usedBy !== body.idempotencyKey) return used;
  const count = String(record.items.length);
  if (body.confirm.trim() !== count) return { ok: false, code: 'bad-request', error: `type ${count} (the number of nodes) to confirm` };
  const permission = await bulkPermission(user, record.checks);
  if (!permission.allowed) return { ok: false, code: 'forbidden', error: permission.reason ?? 'forbidden' };
  const raced = await replay(body, who);
  if (raced) return raced;
  let claimed;
  try {
    claimed = await claimBulkPreview(found, body.idempotencyKey);
  } catch (e) {
    return { ok: false, code: 'unavailable', error: `the bulk preview could not be marked used in the cluster, so nothing was done: ${(e as Error).message}` };
  }
  // Another execution of this preview (either replica) won; with the same key it is the one to report.
  if (!claimed) return (await replay(body, who)) ?? used;

  const concurrency = bulkConcurrency();
  const plan = { namespace, at: record.at, items: record.items };
  let begun;
  try {
    begun = await createBulkOperation({ ruleId: record.ruleId, action: record.action, title: record.title, user: who, concurrency }, plan, body.idempotencyKey, requestHash(body), actorText(actorOf(user)));
  } catch (e) {
    return { ok: false, code: 'unavailable', error: `the bulk repair could not be recorded in the cluster, so nothing was done; preview again to retry: ${(e as Error).message}` };
  }
  if (!begun.created) return (await replay(body, who))!;
  void runBulkOperation({ cache, fleet, user, timing }, begun.entry);
  return { ok: true, operation: structuredClone(begun.entry.view), replayed: false };
}
