/**
 * Each check's recent state changes, as the prober publishes them in its
 * report (`history`). A transition is exactly what already makes a prober
 * publish (lib/probes/report.ts changedState), so keeping them costs no extra
 * write; since reports live in the cluster, the history survives dashboard
 * restarts and is shared by replicas. Bounded twice: MAX_HISTORY entries in
 * all, and MAX_HISTORY_PER_CHECK per check, so one flapping peer cannot push
 * every other check's history out.
 */
import { z } from 'zod';

export const MAX_HISTORY = 20;
export const MAX_HISTORY_PER_CHECK = 5;
const MAX_ERROR_CHARS = 256;

export const CHECK_KINDS = ['dns', 'kubernetesService', 'peer'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const transitionSchema = z.object({
  check: z.enum(CHECK_KINDS),
  /** The peer probed, for `peer` checks only. */
  target: z.string().min(1).max(253).optional(),
  /** When the check entered this state (the check's `since` while it holds). */
  at: z.iso.datetime({ offset: true }),
  ok: z.boolean(),
  loss: z.number().min(0).max(1),
  latencyMs: z.number().min(0).max(600_000).optional(),
  error: z.string().max(MAX_ERROR_CHARS).optional(),
}).refine((t) => (t.check === 'peer') === (t.target !== undefined), { message: 'a peer transition names its target, and only a peer transition does' });

/** Newest first. */
export const historySchema = z.array(transitionSchema).max(MAX_HISTORY);

export type Transition = z.infer<typeof transitionSchema>;

export const checkKey = (t: Pick<Transition, 'check' | 'target'>): string => (t.check === 'peer' ? `peer\u0000${t.target ?? ''}` : t.check);

/** The newest transitions within both bounds; `newestFirst` must already be newest first. */
export function trimHistory(newestFirst: readonly Transition[]): Transition[] {
  const perCheck = new Map<string, number>();
  const kept: Transition[] = [];
  for (const t of newestFirst) {
    if (kept.length >= MAX_HISTORY) break;
    const key = checkKey(t);
    const n = perCheck.get(key) ?? 0;
    if (n >= MAX_HISTORY_PER_CHECK) continue;
    perCheck.set(key, n + 1);
    kept.push(t);
  }
  return kept;
}
