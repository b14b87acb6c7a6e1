import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meshTargets } from './mesh';
import { formatMeshText, MAX_MESH_NODES, MAX_MESH_TEXT, parseMeshText } from './mesh-set';
import { meshMatrix } from './mesh-matrix';
import { changedState, MAX_REPORT_BYTES, MAX_REPORT_PEERS, parseReport, type ProbeReport } from './report';
import { MAX_HISTORY } from './transitions';
import { nextReport, type RoundInput } from './round';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const ok = { ok: true, loss: 0, latencyMs: 2 };
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `node-${String(i).padStart(2, '0')}`);

describe('the mesh set', () => {
  it('reads names separated by whitespace or commas, and an empty or missing set as none', () => {
    expect(parseMeshText('a b\nc,d')).toEqual({ ok: true, nodes: ['a', 'b', 'c', 'd'] });
    expect(parseMeshText(formatMeshText(['b', 'a']))).toEqual({ ok: true, nodes: ['a', 'b'] });
    expect(parseMeshText(undefined)).toEqual({ ok: true, nodes: [] });
    expect(parseMeshText(' \n')).toEqual({ ok: true, nodes: [] });
  });

  it(`accepts ${MAX_MESH_NODES} nodes and refuses a larger set whole, with the reason`, () => {
    expect(parseMeshText(names(MAX_MESH_NODES).join(' '))).toMatchObject({ ok: true, nodes: names(MAX_MESH_NODES) });
    expect(parseMeshText(names(MAX_MESH_NODES + 1).join(' '))).toEqual({ ok: false, error: `the mesh set is refused: at most ${MAX_MESH_NODES} nodes` });
  });

  it('refuses what is not a node name, a name given twice, and oversized text', () => {
    expect(parseMeshText('good Bad')).toEqual({ ok: false, error: 'the mesh set is refused: entry 2 is not a node name (a DNS subdomain)' });
    expect(parseMeshText('a\u0007b')).toMatchObject({ ok: false });
    expect(parseMeshText('a a')).toEqual({ ok: false, error: 'the mesh set is refused: names a node twice' });
    expect(parseMeshText(`${'a'.repeat(254)}`)).toMatchObject({ ok: false });
    expect(parseMeshText(' '.repeat(MAX_MESH_TEXT) + 'a')).toMatchObject({ ok: false, error: expect.stringContaining('longer') });
  });

  it('never yields more than the bound or a non-name, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 4000 }), (text) => {
      const r = parseMeshText(text);
      if (r.ok) {
        expect(r.nodes.length).toBeLessThanOrEqual(MAX_MESH_NODES);
        for (const n of r.nodes) expect(n).toMatch(/^[a-z0-9.-]{1,253}$/);
      }
    }));
  });
});

describe('mesh targets', () => {
  const set = ['a', 'b', 'c', 'd'];
  it('are the other probing members of the set, minus the ring peers', () => {
    expect(meshTargets(set, 'a', new Set(['a', 'b', 'c', 'd', 'x']), new Set(['b']))).toEqual(['c', 'd']);
    expect(meshTargets(set, 'a', new Set(['a', 'b', 'd']), new Set())).toEqual(['b', 'd']);
  });

  it('are none for a node outside the set', () => {
    expect(meshTargets(set, 'x', new Set(['a', 'b', 'c', 'd', 'x']), new Set())).toEqual([]);
  });

  it('are at most 49 per prober, so at most 2,450 extra probes a round', () => {
    const big = names(MAX_MESH_NODES);
    const probing = new Set(big);
    const total = big.reduce((sum, n) => sum + meshTargets(big, n, probing, new Set()).length, 0);
    expect(meshTargets(big, big[0] as string, probing, new Set())).toHaveLength(MAX_MESH_NODES - 1);
    expect(total).toBe(2450);
  });
});

const round = (mesh: RoundInput['mesh']): RoundInput => ({
  node: 'a', intervalSeconds: 30, heartbeatSeconds: 600, dns: ok, kubernetesService: ok,
  peers: [{ target: 'z', ...ok }], mesh,
});

describe('the mesh part of a report', () => {
  it('round-trips, and is absent for a node outside the mesh', () => {
    const r = nextReport(undefined, round([{ target: 'b', ...ok }]), T0);
    expect(parseReport(JSON.stringify(r))).toEqual({ ok: true, report: r });
    expect(nextReport(undefined, round(undefined), T0)).not.toHaveProperty('mesh');
  });

  it(`is bounded at ${MAX_MESH_NODES - 1} entries`, () => {
    const r = nextReport(undefined, round(names(MAX_MESH_NODES).map((target) => ({ target, ...ok }))), T0);
    expect(parseReport(JSON.stringify(r))).toMatchObject({ ok: false });
    expect(parseReport(JSON.stringify({ ...r, mesh: r.mesh?.slice(1) })).ok).toBe(true);
  });

  it('a mesh member\'s report at every bound still fits MAX_REPORT_BYTES, even with errors JSON escapes six times over', () => {
    const name = (i: number): string => `${String(i).padStart(3, '0')}${'n'.repeat(250)}`;
    const error = '\u0001'.repeat(256);
    const at = new Date(T0).toISOString();
    const check = { ok: false, since: at, loss: 1, latencyMs: 600_000, error };
    const report: ProbeReport = {
      node: name(999), podIP: 'f'.repeat(64), observedAt: at, intervalSeconds: 3600, heartbeatSeconds: 86_400,
      dns: check, kubernetesService: check,
      peers: Array.from({ length: MAX_REPORT_PEERS }, (_, i) => ({ ...check, target: name(i) })),
      history: Array.from({ length: MAX_HISTORY }, (_, i) => ({ check: 'peer', target: name(i), at, ok: false, loss: 1, latencyMs: 600_000, error })),
      mesh: Array.from({ length: MAX_MESH_NODES - 1 }, (_, i) => ({ ...check, target: name(100 + i) })),
    };
    const text = JSON.stringify(report);
    expect(text.length).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(parseReport(text).ok).toBe(true);
  });

  it('publishes when a mesh pair flips or the mesh changes, not on latency alone', () => {
    const a = nextReport(undefined, round([{ target: 'b', ...ok }]), T0);
    expect(changedState(a, nextReport(a, round([{ target: 'b', ...ok, latencyMs: 90 }]), T0 + 30_000))).toBe(false);
    const failed = nextReport(a, round([{ target: 'b', ok: false, loss: 1 }]), T0 + 30_000);
    expect(changedState(a, failed)).toBe(true);
    expect(failed.mesh?.[0]?.since).toBe(new Date(T0 + 30_000).toISOString());
    expect(changedState(a, nextReport(a, round(undefined), T0 + 30_000))).toBe(true);
    expect(changedState(a, nextReport(a, round([{ target: 'c', ...ok }]), T0 + 30_000))).toBe(true);
  });
});

function report(node: string, peers: ProbeReport['peers'], mesh?: ProbeReport['mesh']): ProbeReport {
  const check = { ok: true, since: new Date(T0).toISOString(), loss: 0 };
  return { node, observedAt: new Date(T0).toISOString(), intervalSeconds: 30, heartbeatSeconds: 600, dns: check, kubernetesService: check, peers, ...(mesh ? { mesh } : {}) };
}
const result = (target: string, ok: boolean): ProbeReport['peers'][number] => ({ target, ok, since: new Date(T0).toISOString(), loss: ok ? 0 : 1, ...(ok ? { latencyMs: 3 } : { error: 'i/o timeout' }) });

describe('the mesh matrix', () => {
  const zones = new Map([['a', 'z1'], ['b', 'z1'], ['c', 'z2'], ['d', 'z2']]);

  it('fills each row from its own report, ring peers and mesh alike, and tells the missing apart', () => {
    const reports = new Map([
      ['a', report('a', [result('b', true)], [result('c', false)])],
      ['b', report('b', [], [result('a', true)])],
    ]);
    const m = meshMatrix({ set: ['a', 'b', 'c', 'd', 'gone'], zones, running: new Set(['a', 'b', 'c']), reports });
    const cell = (from: string, to: string): string | undefined => m.cells.find((c) => c.from === from && c.to === to)?.state;
    expect(m.cells).toHaveLength(25);
    expect([cell('a', 'b'), cell('a', 'c'), cell('b', 'a'), cell('b', 'c'), cell('a', 'a'), cell('a', 'd'), cell('d', 'a')]).toEqual(['ok', 'failing', 'ok', 'pending', 'self', 'absent', 'absent']);
    expect(cell('c', 'a')).toBe('pending');
    expect(m.members.find((x) => x.name === 'gone')).toMatchObject({ known: false, probing: false });
    expect(m.members.find((x) => x.name === 'c')).toMatchObject({ zone: 'z2', known: true, probing: false });
    expect(m.cells.find((c) => c.from === 'a' && c.to === 'c')).toMatchObject({ loss: 1, error: 'i/o timeout' });
  });

  it('never lets one report change another row, whatever it claims', () => {
    const set = ['a', 'b', 'c', 'd'];
    const honest = new Map(set.map((n) => [n, report(n, [], set.filter((t) => t !== n).map((t) => result(t, true)))]));
    const base = meshMatrix({ set, zones, running: new Set(set), reports: honest });
    fc.assert(fc.property(fc.constantFrom(...set), fc.array(fc.record({ target: fc.constantFrom(...set, 'x'), ok: fc.boolean() }), { maxLength: 20 }), (liar, claims) => {
      const reports = new Map(honest);
      reports.set(liar, report(liar, claims.map((c) => result(c.target, c.ok)), claims.map((c) => result(c.target, c.ok))));
      const m = meshMatrix({ set, zones, running: new Set(set), reports });
      expect(m.cells.filter((c) => c.from !== liar)).toEqual(base.cells.filter((c) => c.from !== liar));
    }));
  });
});
