/**
 * One node's probe history for its page: the transitions of its own checks
 * (from its own report), and, as a target, the transitions its peers saw
 * when probing it (from their reports). Each peer's report is evidence only
 * about its own check of this node, and only when the ring assigns it this
 * node, exactly as lib/probes/verdict.ts reads the current state: a report
 * cannot fill another node's history with claims. Pure; computed on demand
 * for one node (O(N) over the fresh reports), never for the whole fleet.
 */
import { buildRing, peersOf, type RingMember } from './peers';
import type { ProbeReport } from './report';
import { MAX_HISTORY_PER_CHECK, type Transition } from './transitions';

/** Peers' transitions about one node kept for its page. */
export const MAX_TARGET_HISTORY = 40;

export interface SourcedTransition extends Transition {
  /** The peer whose report says it. */
  source: string;
}

export interface NodeHistory {
  own: Transition[];
  asTarget: SourcedTransition[];
}

const newestFirst = (a: { at: string }, b: { at: string }): number => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);

/** `reports`: bound and fresh (lib/probes/fleet.ts); `members`: the nodes running a prober. */
export function nodeHistory(node: string, members: readonly RingMember[], reports: ReadonlyMap<string, ProbeReport>, k: number): NodeHistory {
  const own = reports.get(node)?.history ?? [];
  let ring: ReturnType<typeof buildRing> | undefined;
  const asTarget: SourcedTransition[] = [];
  for (const [source, report] of reports) {
    if (source === node) continue;
    const about = (report.history ?? []).filter((t) => t.check === 'peer' && t.target === node);
    if (about.length === 0) continue;
    ring ??= buildRing(members);
    if (!peersOf(ring, source, k).some((p) => p.name === node)) continue;
    // Honest reports hold at most this many per check; a hostile one gets no more room.
    for (const t of [...about].sort(newestFirst).slice(0, MAX_HISTORY_PER_CHECK)) asTarget.push({ ...t, source });
  }
  asTarget.sort((a, b) => newestFirst(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { own: [...own], asTarget: asTarget.slice(0, MAX_TARGET_HISTORY) };
}
