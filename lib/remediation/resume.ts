import 'server-only';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { OperationEntry } from '@/lib/state/operations';
import { finishOperation, log } from './finish';
import { updateOperation } from './operations';
import type { Plan } from './plan';
import { DEFAULT_TIMING, verifyAndConclude, type RunTiming } from './run';

/**
 * Finishing an operation whose replica died, on the replica that claimed it
 * (lib/remediation/worker.ts). The calls it made stand and are never made
 * again here: they ran with the user's identity, which this replica does not
 * hold. If they were all made, what is left is to verify (from the
 * watch-fed cache, as the runner would have) and audit; if the runner died
 * between calls, the operation fails and says which calls were made.
 */
export async function resumeOperation(cache: ClusterCache, entry: OperationEntry, previousRunner: string, t: RunTiming = DEFAULT_TIMING): Promise<void> {
  const id = entry.view.id;
  const plan = JSON.parse(entry.extra.plan) as Plan;
  const callIds = new Set(plan.calls.map((c) => c.id));
  const calls = entry.view.steps.filter((s) => callIds.has(s.id));
  const unmade = calls.filter((s) => s.state === 'pending' || s.state === 'running');
  const interrupted = `interrupted: the dashboard replica running it (${previousRunner}) stopped`;
  log({ operation: id, resumedFrom: previousRunner, by: entry.runner, unmadeCalls: unmade.length });
  updateOperation(id, (op) => {
    for (const s of op.steps) {
      if (s.state === 'running' && callIds.has(s.id)) Object.assign(s, { state: 'failed', message: `${interrupted}; this call may or may not have been made` });
      if (s.state === 'pending' && callIds.has(s.id)) Object.assign(s, { state: 'skipped', message: interrupted });
    }
  });
  if (unmade.length > 0) {
    const made = calls.length - unmade.length;
    await finishOperation(cache.kubeConfig, id, 'failed', `${interrupted} after ${made} of ${calls.length} calls; the calls made stand. Preview again to finish.`, entry.extra.namespace);
    return;
  }
  const [outcome, message] = await verifyAndConclude(cache, id, plan, entry.extra.generation, t).catch((e: unknown) => ['failed' as const, `unexpected error: ${(e as Error).message}`] as const);
  await finishOperation(cache.kubeConfig, id, outcome, `${message} (finished by another replica after the one running it stopped)`, entry.extra.namespace);
}
