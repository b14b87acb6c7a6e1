import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRing, peersOf, type RingMember } from './peers';
import type { ProbeReport } from './report';
import { nextReport } from './round';
import { dataPlaneVerdicts } from './verdict';

const K = 4;
const NOW = Date.parse('2026-12-06T10:00:00Z');
const fleet: RingMember[] = Array.from({ length: 36 }, (_, i) => ({ name: `node-${i}`, zone: `zone-${'abc'[i % 3]}` }));
const zoneOf = new Map(fleet.map((n) => [n.name, n.zone]));
const ok = { ok: true, loss: 0, latencyMs: 1 };
const fail = { ok: false, loss: 1, error: 'connect: connection timed out' };

/** Reports as the probers would publish them, given who can reach whom. */
function reportsFor(reach: (from: string, to: string) => boolean, reporting: (node: string) => boolean = () => true): Map<string, ProbeReport> {
  const ring = buildRing(fleet);
  const out = new Map<string, ProbeReport>();
  for (const n of fleet) {
    if (!reporting(n.name)) continue;
    const peers = peersOf(ring, n.name, K).map((p) => ({ target: p.name, ...(reach(n.name, p.name) ? ok : fail) }));
    out.set(n.name, nextReport(undefined, { node: n.name, intervalSeconds: 30, heartbeatSeconds: 600, dns: ok, kubernetesService: ok, peers }, NOW));
  }
  return out;
}

describe('dataPlaneVerdicts', () => {
  it('finds nothing on a working fleet', () => {
    const { verdicts } = dataPlaneVerdicts(fleet, reportsFor(() => true), K);
    expect([...verdicts.values()].every((v) => v.state === 'ok')).toBe(true);
  });

  it('marks a node whose pod network is dead unreachable, with the peers that failed it', () => {
    const dead = 'node-7';
    const { verdicts } = dataPlaneVerdicts(fleet, reportsFor((f, t) => f !== dead && t !== dead, (n) => n !== dead), K);
    const v = verdicts.get(dead);
    expect(v?.state).toBe('unreachable');
    expect(v?.failedByCount).toBeGreaterThanOrEqual(2);
    expect(v?.failedBy.every((f) => f.error === fail.error)).toBe(true);
    expect([...verdicts].filter(([n, x]) => n !== dead && x.state !== 'ok')).toEqual([]);
  });

  it('does not let one broken source condemn its targets', () => {
    const bad = 'node-3';
    const { verdicts } = dataPlaneVerdicts(fleet, reportsFor((f) => f !== bad), K);
    expect(verdicts.get(bad)?.state).toBe('outbound');
    expect(verdicts.get(bad)?.suspect).toBe(true);
    expect([...verdicts].filter(([n, x]) => n !== bad && x.state !== 'ok')).toEqual([]);
  });

  it('shows a single failure as unconfirmed, not as a verdict', () => {
    const ring = buildRing(fleet);
    const [target] = peersOf(ring, 'node-1', K);
    const { verdicts } = dataPlaneVerdicts(fleet, reportsFor((f, t) => !(f === 'node-1' && t === target?.name)), K);
    const v = verdicts.get(target?.name ?? '');
    expect(v?.state).toBe('ok');
    expect(v?.unconfirmed.map((u) => u.peer)).toEqual(['node-1']);
  });

  it('puts a zone partition on the zone path, and names the other zone', () => {
    const cut = (a?: string, b?: string): boolean => (a === 'zone-a' && b === 'zone-b') || (a === 'zone-b' && b === 'zone-a');
    const { verdicts, zones } = dataPlaneVerdicts(fleet, reportsFor((f, t) => !cut(zoneOf.get(f), zoneOf.get(t))), K);
    const ab = zones.find((c) => c.from === 'zone-a' && c.to === 'zone-b');
    expect(ab?.failed).toBeGreaterThan(0);
    expect(ab?.ok).toBe(0);
    for (const [name, v] of verdicts) {
      expect(v.state).not.toBe('unreachable');
      expect(v.state).not.toBe('outbound');
      if (v.state === 'partial') expect(v.zonePaths.length).toBeGreaterThan(0);
      if (zoneOf.get(name) === 'zone-c') expect(v.state).toBe('ok');
    }
    expect([...verdicts.values()].filter((v) => v.state === 'partial').length).toBeGreaterThan(fleet.length / 3);
  });

  it('marks a node whose own DNS check fails', () => {
    const reports = reportsFor(() => true);
    const r = reports.get('node-5');
    if (r) reports.set('node-5', { ...r, dns: { ...fail, since: r.observedAt } });
    expect(dataPlaneVerdicts(fleet, reports, K).verdicts.get('node-5')?.state).toBe('outbound');
  });

  it('ignores what a report says about nodes it was not assigned', () => {
    const reports = reportsFor(() => true);
    const liar = reports.get('node-9');
    const victim = 'node-20';
    if (liar) reports.set('node-9', { ...liar, peers: [...liar.peers, { target: victim, ...fail, since: liar.observedAt }] });
    expect(dataPlaneVerdicts(fleet, reports, K).verdicts.get(victim)?.failedByCount).toBe(0);
  });

  it('never lets any one report make another node look broken', () => {
    const target = fc.constantFrom(...fleet.map((n) => n.name));
    fc.assert(
      fc.property(target, fc.array(fc.record({ target, ok: fc.boolean() }), { maxLength: 16 }), fc.boolean(), fc.boolean(), (liar, claims, dnsOk, svcOk) => {
        const reports = reportsFor(() => true);
        const since = new Date(NOW).toISOString();
        const base = { loss: 0, since };
        reports.set(liar, {
          ...(reports.get(liar) as ProbeReport),
          dns: { ...base, ok: dnsOk },
          kubernetesService: { ...base, ok: svcOk },
          peers: claims.map((c) => ({ ...base, target: c.target, ok: c.ok })),
        });
        for (const [name, v] of dataPlaneVerdicts(fleet, reports, K).verdicts) {
          if (name !== liar) expect(v.state).toBe('ok');
        }
      }),
    );
  });
});
