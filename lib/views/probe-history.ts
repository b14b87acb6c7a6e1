import type { ProbeCheckHistoryView, ProbeHistoryView, ProbeTransitionView } from '@/lib/api/probe-history';
import type { NodeHistory } from '@/lib/probes/history';
import type { Transition } from '@/lib/probes/transitions';

const ORDER: Record<ProbeCheckHistoryView['kind'], number> = { dns: 0, kubernetesService: 1, 'to-peer': 2, 'from-peer': 3 };

function transitionView(t: Transition): ProbeTransitionView {
  return { at: t.at, ok: t.ok, loss: t.loss, ...(t.latencyMs !== undefined ? { latencyMs: t.latencyMs } : {}), ...(t.error !== undefined ? { error: t.error } : {}) };
}

function group(entries: readonly { kind: ProbeCheckHistoryView['kind']; peer?: string; t: Transition }[]): ProbeCheckHistoryView[] {
  const byCheck = new Map<string, ProbeCheckHistoryView>();
  for (const { kind, peer, t } of entries) {
    const key = `${kind}\u0000${peer ?? ''}`;
    let c = byCheck.get(key);
    if (!c) byCheck.set(key, (c = { kind, ...(peer !== undefined ? { peer } : {}), transitions: [] }));
    c.transitions.push(transitionView(t));
  }
  const checks = [...byCheck.values()];
  for (const c of checks) c.transitions.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const latest = (c: ProbeCheckHistoryView): string => c.transitions[0]?.at ?? '';
  // DNS and the API Service first; peers by their latest change, so the one that just moved is on top.
  return checks.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (latest(a) < latest(b) ? 1 : latest(a) > latest(b) ? -1 : 0) || ((a.peer ?? '') < (b.peer ?? '') ? -1 : 1));
}

/** The node page's history: this node's checks, and its peers' checks of it, per check. */
export function probeHistoryView(h: NodeHistory): ProbeHistoryView {
  return {
    own: group(h.own.map((t) => ({ kind: t.check === 'peer' ? 'to-peer' : t.check, ...(t.check === 'peer' ? { peer: t.target } : {}), t }))),
    asTarget: group(h.asTarget.map((t) => ({ kind: 'from-peer', peer: t.source, t }))),
  };
}
