/**
 * One node's probe history for its page: the transitions of its own checks
 * (from its own report), and, as a target, the transitions its peers saw
 * when probing it (from their reports). Each peer's report is evidence only
 * about its own check of this node, and only when the ring assigns it this
 * node, exactly as lib/probes/verdict.ts reads the current state: a report
 * cannot fill another node's history with claims. Pure; the index is one pass
 * over the fresh reports, built on the first node page after the facts
 * change, then each node's history is O(k).
 */
import { buildRing, peersOf, type Ring, type RingMember } from './peers';
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

/** Every peer transition of the fresh reports, by the node it is about, with the ring that says who may speak of whom. */
export interface HistoryIndex {
  ring: Ring;
  /** Target → [source, transition]: references into the reports, nothing copied. */
  about: Map<string, [string, Transition][]>;
  reports: ReadonlyMap<string, ProbeReport>;
  k: number;
}

/** One pass over the reports (O(N) histories), shared by every node page until the facts change. */
export function historyIndex(members: readonly RingMember[], reports: ReadonlyMap<string, ProbeReport>, k: number): HistoryIndex {
  const about = new Map<string, [string, Transition][]>();
  for (const [source, report] of reports) {
    if (!report.history) continue;
    for (const t of report.history) {
      if (t.target === undefined || t.target === source) continue;
      const list = about.get(t.target);
      if (list) list.push([source, t]);
      else about.set(t.target, [[source, t]]);
    }
  }
  return { ring: buildRing(members), about, reports, k };
}

export function nodeHistory(node: string, index: HistoryIndex): NodeHistory {
  const own = index.reports.get(node)?.history ?? [];
  const bySource = new Map<string, SourcedTransition[]>();
  for (const [source, t] of index.about.get(node) ?? []) {
    if (t.check !== 'peer') continue;
    const list = bySource.get(source);
    if (list) list.push({ ...t, source });
    else bySource.set(source, [{ ...t, source }]);
  }
  const asTarget: SourcedTransition[] = [];
  for (const [source, about] of bySource) {
    if (!peersOf(index.ring, source, index.k).some((p) => p.name === node)) continue;
    // Honest reports hold at most this many per check; a hostile one gets no more room.
    asTarget.push(...[...about].sort(newestFirst).slice(0, MAX_HISTORY_PER_CHECK));
  }
  asTarget.sort((a, b) => newestFirst(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { own: [...own], asTarget: asTarget.slice(0, MAX_TARGET_HISTORY) };
}
