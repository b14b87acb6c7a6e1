import 'server-only';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { BulkEntry } from '@/lib/state/bulks';
import { actorUser } from './actor';
import { concludeBulk, log, nodeOperationId, outcomeOf, priorOf, runBulkOperation, type FleetSource } from './bulk-run';
import { setNodeState } from './bulk-store';
import { readOperation } from './operations';
import type { RunTiming } from './run';

/**
 * Going on with a bulk repair whose replica died, on the replica that
 * claimed its record (lib/remediation/worker.ts): nodes already ended are
 * never acted on again; a node in flight is its own operation, which the
 * leader takes over like any other whose runner died, and its end is
 * awaited; queued nodes start as before, as the user who started the bulk
 * repair (lib/remediation/actor.ts), at the same width, and still stop on a
 * failure or a cancel. If that user can no longer act (signed out,
 * expired), no node starts (never as the dashboard itself) and each says why.
 */
export async function resumeBulk(cache: ClusterCache, fleet: FleetSource, entry: BulkEntry, previousRunner: string, timing: RunTiming): Promise<void> {
  const id = entry.view.id;
  const who = await actorUser(cache, entry.actor, Date.now());
  log({ bulk: id, resumedFrom: previousRunner, by: entry.runner, userCanAct: who.ok });
  if (who.ok) return runBulkOperation({ cache, fleet, user: who.user, timing }, entry, true);
  const why = `not started: the replica running this bulk repair stopped, and ${who.why}`;
  const result = priorOf(entry);
  await Promise.all(entry.view.nodes.map(async (n) => {
    if (n.state !== 'queued' && n.state !== 'running') return;
    const opId = nodeOperationId(entry, n.node);
    const o = n.state === 'running' && (await readOperation(opId)) ? await outcomeOf(opId, timing.pollMs) : { state: 'skipped' as const, message: why };
    result[o.state]++;
    if (o.state === 'failed' && !result.stoppedBy) result.stoppedBy = { node: n.node, message: o.message };
    setNodeState(id, n.node, o.state, o.message, 'operationId' in o ? o.operationId : undefined);
  }));
  await concludeBulk(id, entry.view.ruleId, entry.view.user, result, true);
}
