/**
 * The order of a bulk repair: at most `concurrency` nodes at once, in the
 * previewed order; after a node fails to recover, or a cancel, no new node
 * starts, the ones in flight finish, and the rest are skipped with why.
 * No I/O and no clock: the caller's `act` does the work.
 */

export type BulkNodeState = 'queued' | 'running' | 'verified' | 'failed' | 'skipped';

export interface BulkNodeOutcome {
  state: 'verified' | 'failed' | 'skipped';
  message: string;
  operationId?: string;
}

export interface BulkHooks {
  concurrency: number;
  /** Acts on one node (re-check, execute, verify, audit). A throw counts as a failure. */
  act: (node: string) => Promise<BulkNodeOutcome>;
  /** Read before each start: a cancel stops new nodes, not those in flight. */
  cancelled: () => boolean | Promise<boolean>;
  onChange: (node: string, state: BulkNodeState, message?: string, operationId?: string) => void;
}

export interface BulkResult {
  /** The first node that failed to recover, and why: no node started after it. */
  stoppedBy?: { node: string; message: string };
  cancelled: boolean;
  verified: number;
  failed: number;
  skipped: number;
}

/**
 * `resume` goes on with a bulk repair another runner started: its tally so
 * far (a failure already recorded stops new nodes as it did there), and
 * how many of `nodes`, at their head, were in flight when it stopped: those
 * are seen to their end whatever happens (a cancel or a failure stops new
 * nodes, never one already started).
 */
export async function runBulk(nodes: readonly string[], hooks: BulkHooks, resume?: { prior: BulkResult; inFlight: number }): Promise<BulkResult> {
  const width = Math.max(1, Math.floor(hooks.concurrency));
  const result: BulkResult = resume ? { ...resume.prior } : { cancelled: false, verified: 0, failed: 0, skipped: 0 };
  const forced = resume?.inFlight ?? 0;
  let next = 0;
  const halted = async (): Promise<boolean> => {
    if (result.stoppedBy) return true;
    if (await hooks.cancelled()) result.cancelled = true;
    return result.cancelled;
  };

  const settle = (node: string, o: BulkNodeOutcome): void => {
    result[o.state]++;
    if (o.state === 'failed' && !result.stoppedBy) result.stoppedBy = { node, message: o.message };
    hooks.onChange(node, o.state, o.message, o.operationId);
  };

  const lane = async (): Promise<void> => {
    while (next < nodes.length) {
      if (next >= forced && (await halted())) break;
      if (next >= nodes.length) break;
      const node = nodes[next++]!;
      hooks.onChange(node, 'running');
      let outcome: BulkNodeOutcome;
      try {
        outcome = await hooks.act(node);
      } catch (err) {
        outcome = { state: 'failed', message: `unexpected error: ${(err as Error).message}` };
      }
      settle(node, outcome);
    }
  };

  await Promise.all(Array.from({ length: Math.max(forced, Math.min(width, nodes.length)) }, lane));
  const why = result.stoppedBy ? `not started: ${result.stoppedBy.node} failed to recover` : 'not started: the bulk repair was cancelled';
  for (const node of nodes.slice(next)) settle(node, { state: 'skipped', message: why });
  return result;
}
