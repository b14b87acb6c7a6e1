import { describe, expect, it } from 'vitest';
import { buildRing, peersOf, type RingMember } from './peers';
import type { ProbeReport } from './report';
import { nextReport } from './round';
import { historyIndex, nodeHistory as historyOf, MAX_TARGET_HISTORY } from './history';
import { MAX_HISTORY_PER_CHECK, type Transition } from './transitions';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const members: RingMember[] = Array.from({ length: 8 }, (_, i) => ({ name: `node-${i}`, zone: `zone-${i % 2}` }));
const ring = buildRing(members);
const K = 3;
const nodeHistory = (node: string, m: RingMember[], r: Map<string, ProbeReport>, k: number) => historyOf(node, historyIndex(m, r, k));
const sourcesOf = (target: string): string[] => members.map((m) => m.name).filter((s) => peersOf(ring, s, K).some((p) => p.name === target));

/** Each node's report after two rounds: everything up, then `down` unreachable from everyone. */
function reports(down?: string): Map<string, ProbeReport> {
  const out = new Map<string, ProbeReport>();
  for (const m of members) {
    const input = (failing: boolean) => ({
      node: m.name, intervalSeconds: 30, heartbeatSeconds: 600, dns: { ok: true, loss: 0 }, kubernetesService: { ok: true, loss: 0 },
      peers: peersOf(ring, m.name, K).map((p) => (failing && p.name === down ? { target: p.name, ok: false, loss: 1, error: 'i/o timeout' } : { target: p.name, ok: true, loss: 0, latencyMs: 1 })),
    });
    out.set(m.name, nextReport(nextReport(undefined, input(false), T0), input(true), T0 + 60_000));
  }
  return out;
}

describe('nodeHistory', () => {
  it("lists the node's own transitions, and what each assigned peer saw of it, newest first", () => {
    const target = 'node-3';
    const h = nodeHistory(target, members, reports(target), K);
    expect(h.own).toEqual(reports(target).get(target)?.history);
    const sources = sourcesOf(target);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(new Set(h.asTarget.map((t) => t.source))).toEqual(new Set(sources));
    expect(h.asTarget.filter((t) => !t.ok).map((t) => t.at)).toEqual(sources.map(() => at(60)));
    expect(h.asTarget.every((t) => t.check === 'peer' && t.target === target)).toBe(true);
    expect(h.asTarget.map((t) => t.at)).toEqual([...h.asTarget.map((t) => t.at)].sort().reverse());
  });

  it('ignores what a node says about a target it was not assigned: one report cannot speak for another node', () => {
    const target = 'node-3';
    const liar = members.map((m) => m.name).find((n) => n !== target && !sourcesOf(target).includes(n))!;
    const all = reports();
    const forged: Transition = { check: 'peer', target, at: at(90), ok: false, loss: 1, error: 'forged' };
    all.set(liar, { ...all.get(liar)!, history: [forged] });
    const h = nodeHistory(target, members, all, K);
    expect(h.asTarget.some((t) => t.source === liar || t.error === 'forged')).toBe(false);
    // Nor does another node's report change this node's own history.
    expect(h.own).toEqual(all.get(target)?.history);
  });

  it('bounds what one source contributes and the whole list', () => {
    const target = 'node-3';
    const all = reports();
    const [source] = sourcesOf(target);
    const flood: Transition[] = Array.from({ length: 20 }, (_, i) => ({ check: 'peer', target, at: at(1000 - i), ok: i % 2 === 0, loss: 0 }));
    all.set(source!, { ...all.get(source!)!, history: flood });
    const h = nodeHistory(target, members, all, K);
    expect(h.asTarget.filter((t) => t.source === source)).toHaveLength(MAX_HISTORY_PER_CHECK);
    expect(h.asTarget.length).toBeLessThanOrEqual(MAX_TARGET_HISTORY);
  });

  it('has nothing for a node without a report or peers', () => {
    expect(nodeHistory('elsewhere', members, reports(), K)).toEqual({ own: [], asTarget: [] });
  });
});
