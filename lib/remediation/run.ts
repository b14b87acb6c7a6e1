import 'server-only';
import type { OperationView } from '@/lib/api/remediation';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { deleteConfigMap, performCall, readConfigMap } from '@/lib/k8s/actions';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { UserContext } from '@/lib/k8s/user';
import { finishOperation, log, type Outcome } from './finish';
import { flushOperation, getOperation, ownsOperation, updateOperation } from './operations';
import type { Plan, PlannedCall, Verification } from './plan';
import { olderAgentHint, parseRepairStatus, REPAIR_STATUS_KEY } from './protocol';
import { agentVerificationState, describeAgentVerification } from './verify-agent';
import { describeRepairVerification, repairVerificationState } from './verify-repair';
import { stallWords, verifyRollout, type RolloutTiming } from './verify-rollout';

export interface RunTiming extends RolloutTiming {
  agentTimeoutMs: number;
  nodeTimeoutMs: number;
}

/** A rollout is given up after 10 min without progress, a Deployment's default progressDeadlineSeconds (see rollout.ts). */
export const DEFAULT_TIMING: RunTiming = { agentTimeoutMs: 60_000, nodeTimeoutMs: 120_000, rolloutStallMs: 600_000, pollMs: 500 };

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function step(opId: string, id: string, state: OperationView['steps'][number]['state'], message?: string): void {
  updateOperation(opId, (op) => {
    const s = op.steps.find((x) => x.id === id);
    if (s) Object.assign(s, { state, message });
  });
}

/**
 * Waits for the node's agent to write its answer into the repair request
 * (docs/repair-protocol.md), here or on the replica that took the operation
 * over (resume.ts re-attaches with `reattach`): the answer is recorded in the
 * operation before the request is deleted, so no runner's death between the
 * two loses it. A read that fails (the API server briefly away) is retried
 * until the deadline; a request deleted before it was answered fails.
 */
async function awaitRepair(kc: KubeConfig, opId: string, call: PlannedCall, t: RunTiming): Promise<{ ok: boolean; message: string }> {
  const deadline = Date.now() + t.agentTimeoutMs;
  const { namespace, name } = call.target;
  const done = async (r: { ok: boolean; message: string }): Promise<{ ok: boolean; message: string }> => {
    step(opId, call.id, r.ok ? 'done' : 'failed', r.message);
    updateOperation(opId, (_op, extra) => { delete extra.awaiting; });
    await flushOperation(opId);
    return r;
  };
  while (Date.now() < deadline) {
    if (!ownsOperation(opId)) return { ok: false, message: 'another replica took this operation over' };
    const cm = await readConfigMap(kc, namespace!, name!).then((c) => c ?? null, () => undefined);
    if (cm === null) return done({ ok: false, message: `the repair request ${namespace}/${name} was deleted before the node's agent answered` });
    const status = cm?.data?.[REPAIR_STATUS_KEY];
    if (status !== undefined) {
      const parsed = parseRepairStatus(status);
      const s = parsed.ok ? parsed.value : undefined;
      const r = await done(!s ? { ok: false, message: `the agent's answer is unreadable: ${parsed.ok ? '' : parsed.error}` }
        : s.phase === 'Succeeded' ? { ok: true, message: s.replaced ? `agent un-nested ${s.replaced.file} in place (the nested file kept at ${s.replaced.backup})` : s.message }
        : { ok: false, message: `the node's agent ${s.phase === 'Rejected' ? 'refused' : 'failed'}: ${s.message}${olderAgentHint(s.message)}` });
      await deleteConfigMap(kc, namespace!, name!).catch(() => undefined);
      return r;
    }
    await pause(t.pollMs);
  }
  return done({ ok: false, message: `the node's snapshot agent did not answer within ${Math.round(t.agentTimeoutMs / 1000)} s (is the cni-health agent running on that node, with repair enabled?)` });
}

type NodeVerification = Exclude<Verification, { kind: 'daemonset-rolled' }>;

function verificationState(cache: ClusterCache, v: NodeVerification): { done: boolean; seen: string } {
  const state = cache.state();
  const node = state.nodes.find((n) => n.name === v.node);
  if (!node) return { done: false, seen: 'node not found' };
  if (v.kind === 'node-schedulable') return { done: node.unschedulable === !v.schedulable, seen: node.unschedulable ? 'unschedulable' : 'schedulable' };
  const d = diagnoseCluster({ ...state, now: Date.now() }).nodes.find((n) => n.node.name === v.node)!;
  if (v.kind === 'pods-reattached') {
    const left = state.pods.filter((p) => v.uids.includes(p.uid)).length;
    return { done: left === 0 && d.partial.length === 0, seen: `${left} of ${v.uids.length} evicted pods still there, ${d.partial.length} pod${d.partial.length === 1 ? '' : 's'} missing a network` };
  }
  if (v.kind === 'primary-agent-ready') return agentVerificationState(state.pods, d, v);
  if (v.kind === 'config-repaired') return repairVerificationState(d, v);
  // With probers installed, the node's pod network must answer its peers again, not only its stuck pods start.
  const net = d.dataPlane?.verdict?.state;
  const netOk = net === undefined || net === 'ok';
  return {
    done: d.verdict === 'healthy' && d.stuck.length === 0 && netOk,
    seen: `${d.verdict}, ${d.stuck.length} stuck pod${d.stuck.length === 1 ? '' : 's'}${net ? `, pod network ${net === 'ok' ? 'answers' : net}` : ''}`,
  };
}

function describe(v: Verification): string {
  if (v.kind === 'daemonset-rolled') return `every pod of ${v.namespace}/${v.name} updated, available and ready`;
  if (v.kind === 'node-schedulable') return `${v.node} ${v.schedulable ? 'schedulable' : 'unschedulable'}`;
  if (v.kind === 'pods-reattached') return `the evicted pods replaced and no pod on ${v.node} missing a secondary network`;
  if (v.kind === 'primary-agent-ready') return describeAgentVerification(v);
  if (v.kind === 'config-repaired') return describeRepairVerification(v);
  return `${v.node} healthy with no stuck pods (and its pod network answering its peers, where probed)`;
}

async function verify(cache: ClusterCache, opId: string, v: Verification, t: RunTiming, patched: number | undefined): Promise<{ ok: boolean; seen: string; timedOut: boolean }> {
  updateOperation(opId, (op) => { op.state = 'verifying'; op.verification = { waitingFor: describe(v) }; });
  if (v.kind === 'daemonset-rolled') return verifyRollout(cache, opId, v, patched, t);
  const deadline = Date.now() + t.nodeTimeoutMs;
  for (;;) {
    if (!ownsOperation(opId)) return { ok: false, seen: 'another replica took this operation over', timedOut: false };
    const s = verificationState(cache, v);
    updateOperation(opId, (op) => { op.verification = { waitingFor: describe(v), lastSeen: s.seen }; });
    if (s.done) return { ok: true, seen: s.seen, timedOut: false };
    if (Date.now() > deadline) return { ok: false, seen: s.seen, timedOut: true };
    await pause(t.pollMs);
  }
}

/** The generation a DaemonSet patch produced, from the API server's answer: what a rollout check must see observed. */
function patchedGeneration(call: PlannedCall, object: unknown): number | undefined {
  if (call.verb !== 'patch' || call.target.resource !== 'daemonsets') return undefined;
  const g = (object as { metadata?: { generation?: unknown } } | undefined)?.metadata?.generation;
  return typeof g === 'number' && Number.isSafeInteger(g) ? g : undefined;
}

/**
 * Makes the plan's calls in order, as `kc` (the user's credentials). Calls
 * whose step is already done, skipped or failed were made by an earlier
 * runner (resume.ts) and are never made again; `reattach` names a call made
 * whose node agent's answer is still to be read.
 */
export async function executeCalls(kc: KubeConfig, opId: string, plan: Plan, t: RunTiming, written: { generation?: number }, reattach?: string): Promise<string | undefined> {
  const failures: string[] = [];
  for (const call of plan.calls) {
    if (!ownsOperation(opId)) return 'another replica took this operation over';
    const before = getOperation(opId)?.steps.find((s) => s.id === call.id);
    if (before?.state === 'done' || before?.state === 'skipped') continue;
    if (before?.state === 'failed') { failures.push(before.message ?? 'failed'); continue; }
    if (call.id === reattach) {
      const r = await awaitRepair(kc, opId, call, t);
      if (!r.ok) return r.message;
      continue;
    }
    step(opId, call.id, 'running');
    // Written through before and after each call (not debounced): a replica
    // taking over must know which calls were made (resume.ts).
    await flushOperation(opId);
    const res = await performCall(kc, call, false);
    log({ operation: opId, step: call.id, ok: res.ok, error: res.ok ? undefined : res.error.message });
    if (!res.ok) {
      const e = res.error;
      // Already gone is not "done by us": say so, and let verification judge.
      if (call.verb === 'delete' && e.code === 404) { step(opId, call.id, 'skipped', 'already gone'); await flushOperation(opId); continue; }
      const msg = e.code === 429 ? `refused by a PodDisruptionBudget: ${e.message}`
        : e.code === 409 ? `the object changed meanwhile (${e.message}); preview again`
        : e.code === 403 ? `forbidden: ${e.message}`
        : e.message;
      step(opId, call.id, 'failed', msg);
      await flushOperation(opId);
      failures.push(msg);
      // Evictions are independent of each other; anything else stops the plan.
      if (call.target.subresource === 'eviction') continue;
      return msg;
    }
    if (call.awaitRepairStatus) {
      // Made: a runner dying from here on is re-attached to the answer, not failed (resume.ts).
      updateOperation(opId, (op, extra) => {
        extra.awaiting = call.id;
        const s = op.steps.find((x) => x.id === call.id);
        if (s) s.message = 'made; waiting for the node\'s agent to answer';
      });
      await flushOperation(opId);
      const r = await awaitRepair(kc, opId, call, t);
      if (!r.ok) return r.message;
      continue;
    }
    written.generation = patchedGeneration(call, res.object) ?? written.generation;
    const generation = written.generation;
    updateOperation(opId, (_op, extra) => { if (generation !== undefined) extra.generation = generation; });
    step(opId, call.id, 'done');
    await flushOperation(opId);
  }
  return failures.length > 0 ? `${failures.length} of ${plan.calls.length} calls failed: ${failures[0]}` : undefined;
}

/** Verification after the calls, here or on the replica that took the operation over (resume.ts): the outcome and its sentence. */
export async function verifyAndConclude(cache: ClusterCache, opId: string, plan: Plan, generation: number | undefined, t: RunTiming): Promise<[Outcome, string]> {
  if (!plan.verify) return ['succeeded', 'done'];
  step(opId, 'verify', 'running');
  const v = await verify(cache, opId, plan.verify, t, generation);
  step(opId, 'verify', v.ok ? 'done' : 'failed', v.seen);
  const late = plan.verify.kind === 'daemonset-rolled' ? `the rollout stopped progressing (nothing moved for ${stallWords(t.rolloutStallMs)})` : 'it was not reached in time';
  return v.ok ? ['succeeded', `done; ${describe(plan.verify)} (${v.seen})`]
    : v.timedOut ? ['timed-out', `the calls were made, but not verified: ${describe(plan.verify)}; ${late}; last seen: ${v.seen}`]
    : ['failed', `the calls were made, but cannot be verified: ${v.seen}`];
}

/** Executes, verifies and audits one operation. Never throws; the operation says what happened. */
export async function runOperation(cache: ClusterCache, user: UserContext, opId: string, plan: Plan, namespace: string, t: RunTiming = DEFAULT_TIMING): Promise<void> {
  log({ operation: opId, action: plan.action, target: plan.target, user: user.identity.user, outcome: 'started' });
  let outcome: Outcome;
  let message: string;
  try {
    const written: { generation?: number } = {};
    const failed = await executeCalls(user.kubeConfig, opId, plan, t, written);
    [outcome, message] = failed ? ['failed', failed] : await verifyAndConclude(cache, opId, plan, written.generation, t);
  } catch (err) {
    [outcome, message] = ['failed', `unexpected error: ${(err as Error).message}`];
  }
  // The audit Event is written with the dashboard's own credentials into its own namespace, where nobody else may create Events (audit.ts).
  await finishOperation(cache.kubeConfig, opId, outcome, message, namespace);
}
