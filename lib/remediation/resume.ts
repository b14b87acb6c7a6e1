import 'server-only';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { OperationEntry } from '@/lib/state/operations';
import { actorUser } from './actor';
import { finishOperation, log, type Outcome } from './finish';
import { updateOperation } from './operations';
import type { Plan } from './plan';
import { DEFAULT_TIMING, executeCalls, verifyAndConclude, type RunTiming } from './run';

/**
 * Finishing an operation whose replica died, on the replica that claimed it
 * (lib/remediation/worker.ts). The calls it made stand and are never made
 * again. A call in flight when it died (its step `running`) may or may not
 * have been made: the operation fails and says which calls were made,
 * except a repair request whose creation was recorded (`awaiting`): the
 * request ConfigMap holds the node agent's answer, so this replica
 * re-attaches to it (docs/repair-protocol.md) and goes on. Calls not made
 * yet are made as the user who started the operation (lib/remediation/actor.ts),
 * never as this replica; if that user can no longer act (signed out,
 * expired), the operation fails and says so. Then it verifies from its own
 * cache, as the runner would have, and audits it: one Event, named after the
 * operation.
 */
export async function resumeOperation(cache: ClusterCache, entry: OperationEntry, previousRunner: string, t: RunTiming = DEFAULT_TIMING): Promise<void> {
  const id = entry.view.id;
  const plan = JSON.parse(entry.extra.plan) as Plan;
  const callIds = new Set(plan.calls.map((c) => c.id));
  const calls = entry.view.steps.filter((s) => callIds.has(s.id));
  const awaiting = entry.extra.awaiting && calls.some((s) => s.id === entry.extra.awaiting && s.state === 'running') ? entry.extra.awaiting : undefined;
  const inFlight = calls.filter((s) => s.state === 'running' && s.id !== awaiting);
  const unmade = calls.filter((s) => s.state === 'pending');
  const interrupted = `interrupted: the dashboard replica running it (${previousRunner}) stopped`;
  const who = inFlight.length === 0 && unmade.length > 0 ? await actorUser(cache, entry.extra.actor, Date.now()) : undefined;
  log({ operation: id, resumedFrom: previousRunner, by: entry.runner, unmadeCalls: unmade.length, reattached: awaiting, inFlight: inFlight.length });
  const fail = async (why: string): Promise<void> => {
    updateOperation(id, (op) => {
      for (const s of op.steps) {
        if (s.state === 'running' && callIds.has(s.id)) Object.assign(s, { state: 'failed', message: s.id === awaiting ? `${interrupted}; the request was made, its answer not read` : `${interrupted}; this call may or may not have been made` });
        if (s.state === 'pending' && callIds.has(s.id)) Object.assign(s, { state: 'skipped', message: interrupted });
      }
    });
    const made = calls.length - unmade.length - inFlight.length;
    await finishOperation(cache.kubeConfig, id, 'failed', `${interrupted} after ${made} of ${calls.length} calls${why}; the calls made stand. Preview again to finish.`, entry.extra.namespace);
  };
  if (inFlight.length > 0) return fail('');
  if (who && !who.ok) return fail(`, and the rest cannot be made as its user: ${who.why}`);
  let outcome: Outcome;
  let message: string;
  try {
    // The answer is read as the user when they can still act, else with the dashboard's own right to read its namespace's ConfigMaps.
    const written = { generation: entry.extra.generation };
    const failed = await executeCalls(who?.ok ? who.user.kubeConfig : cache.kubeConfig, id, plan, t, written, awaiting);
    [outcome, message] = failed ? ['failed', failed] : await verifyAndConclude(cache, id, plan, written.generation, t);
  } catch (e) {
    [outcome, message] = ['failed', `unexpected error: ${(e as Error).message}`];
  }
  await finishOperation(cache.kubeConfig, id, outcome, `${message} (finished by another replica after the one running it stopped)`, entry.extra.namespace);
}
