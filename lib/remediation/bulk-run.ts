import 'server-only';
import type { BulkOperationView } from '@/lib/api/bulk';
import type { OperationView } from '@/lib/api/remediation';
import type { NodeDiagnosis } from '@/lib/health/diagnose';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import type { BulkEntry } from '@/lib/state/bulks';
import { actorText, actorOf } from './actor';
import { recheckNode } from './bulk-plan';
import { runBulk, type BulkNodeOutcome, type BulkResult } from './bulk-runner';
import { bounded } from '@/lib/state/bulks';
import { cancelRequested, finishBulk, setNodeState } from './bulk-store';
import type { RemediationId } from './catalogue';
import { beginOperation, operationId, readOperation, snapshotOperation } from './operations';
import type { Plan } from './plan';
import { checkPermission, sha256Hex } from './preview';
import { planHash } from './previews';
import { isRunning } from '@/lib/state/operations';
import { runOperation, type RunTiming } from './run';

/** The fleet as the bulk repair reads it: every node's diagnosis, and one node diagnosed now. */
export interface FleetSource {
  all(): Iterable<NodeDiagnosis>;
  one(name: string): NodeDiagnosis | undefined;
}

export interface BulkCtx { cache: ClusterCache; fleet: FleetSource; user: UserContext; timing: RunTiming }

export function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), component: 'cni-health', msg: 'bulk-remediation', ...fields }));
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A node's operation begun earlier (by a runner that died): its end, whoever finishes it (the leader takes it over, worker.ts). */
export async function outcomeOf(id: string, pollMs: number): Promise<BulkNodeOutcome> {
  for (;;) {
    const op = await readOperation(id).catch(() => undefined);
    if (op && !isRunning(op.state)) {
      return op.state === 'succeeded' ? { state: 'verified', message: op.outcome ?? 'done and verified', operationId: id } : { state: 'failed', message: op.outcome ?? op.state, operationId: id };
    }
    await pause(Math.max(pollMs, 500));
  }
}

export const nodeOperationId = (e: BulkEntry, node: string): string => operationId(e.view.user, `bulk-${e.view.id}-${node}`);

/**
 * One node's turn: if its operation was begun already (a runner died with
 * the node in flight), that operation's end, never a second one; else the
 * node re-diagnosed now, its fresh plan held to the previewed hash,
 * re-checked by name, then the single-node execution (execute, verify,
 * audit), as the user.
 */
async function actOnNode({ cache, fleet, user, timing }: BulkCtx, e: BulkEntry, node: string): Promise<BulkNodeOutcome> {
  const bulkId = e.view.id;
  const item = e.plan.items.find((i) => i.node === node)!;
  const id = nodeOperationId(e, node);
  if (await readOperation(id)) return outcomeOf(id, timing.pollMs);
  const req = { id: item.req, at: e.plan.at, by: e.view.user, namespace: e.plan.namespace, sha256Hex };
  const recorded = { node, plan: { action: e.view.action as RemediationId } as Plan, req };
  const check = recheckNode(fleet.one(node), e.view.ruleId, recorded, (fresh) => planHash(fresh) === item.hash);
  if (!check.go) return { state: 'skipped', message: check.why };
  const permission = await checkPermission(user, check.plan);
  if (!permission.allowed) return { state: 'failed', message: permission.reason ?? 'forbidden' };
  // Each node is its own operation, recorded in the cluster before it acts (lib/state/operations.ts),
  // with its own audit record titled with the bulk operation it belongs to.
  const view: OperationView = {
    id, action: check.plan.action, title: `${e.view.title} (bulk ${bulkId.slice(0, 8)})`, target: check.plan.target, user: e.view.user, state: 'running',
    steps: [
      ...check.plan.calls.map((c) => ({ id: c.id, description: c.description, state: 'pending' as const })),
      ...(check.plan.verify ? [{ id: 'verify', description: 'Check that it worked', state: 'pending' as const }] : []),
    ],
    startedAt: new Date().toISOString(),
  };
  const begun = await beginOperation(view, { requestHash: item.hash, plan: JSON.stringify(check.plan), namespace: e.plan.namespace, actor: actorText(actorOf(user)) });
  if (!begun.created) return outcomeOf(id, timing.pollMs);
  setNodeState(bulkId, node, 'running', undefined, id);
  await runOperation(cache, user, id, check.plan, e.plan.namespace, timing);
  const done = snapshotOperation(id);
  return done?.state === 'succeeded'
    ? { state: 'verified', message: done.outcome ?? 'done and verified', operationId: id }
    : { state: 'failed', message: done?.outcome ?? 'the operation was lost', operationId: id };
}

/** The tally of nodes already ended, for a runner that goes on (a failure among them stops new nodes, as it did). */
export function priorOf(e: BulkEntry): BulkResult {
  const r: BulkResult = { cancelled: e.cancel, verified: 0, failed: 0, skipped: 0 };
  for (const n of e.view.nodes) {
    if (n.state === 'verified' || n.state === 'failed' || n.state === 'skipped') r[n.state]++;
    if (n.state === 'failed' && !r.stoppedBy) r.stoppedBy = { node: n.node, message: n.message ?? 'failed' };
  }
  return r;
}

/** Runs (or, with `resumed`, goes on with) a bulk repair recorded in the cluster, to its end. */
export async function runBulkOperation(ctx: BulkCtx, e: BulkEntry, resumed = false): Promise<void> {
  const id = e.view.id;
  const inFlight = e.view.nodes.filter((n) => n.state === 'running').map((n) => n.node);
  const queued = e.view.nodes.filter((n) => n.state === 'queued').map((n) => n.node);
  log({ bulk: id, action: e.view.action, ruleId: e.view.ruleId, nodes: e.view.nodes.length, user: e.view.user, outcome: resumed ? 'resumed' : 'started', inFlight: inFlight.length, queued: queued.length });
  const result = await runBulk([...inFlight, ...queued], {
    concurrency: e.view.concurrency,
    cancelled: () => cancelRequested(id),
    onChange: (node, state, message, operationId) => setNodeState(id, node, state, message, operationId),
    act: (node) => actOnNode(ctx, e, node),
  }, resumed ? { prior: priorOf(e), inFlight: inFlight.length } : undefined);
  await concludeBulk(id, e.view.ruleId, e.view.user, result, resumed);
}

export async function concludeBulk(id: string, ruleId: string, user: string, result: BulkResult, resumed: boolean): Promise<void> {
  const tally = `${result.verified} verified, ${result.failed} failed, ${result.skipped} skipped`;
  const by = resumed ? ' (finished by another replica after the one running it stopped)' : '';
  const [state, outcome]: [BulkOperationView['state'], string] = result.stoppedBy
    ? ['stopped', `Stopped: ${result.stoppedBy.node} did not recover (${bounded(result.stoppedBy.message)}); no node was started after it. ${tally}.${by}`]
    : result.cancelled ? ['cancelled', `Cancelled: the nodes in flight finished, no other node was started. ${tally}.${by}`]
    : ['done', `Done: ${tally}.${by}`];
  log({ bulk: id, ruleId, user, outcome: state, message: outcome });
  await finishBulk(id, state, outcome);
}
