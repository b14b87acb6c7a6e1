import { describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES, MAX_REPORT_PEERS, parseReport, type ProbeReport } from './report';
import { nextReport, type RoundInput } from './round';
import { MAX_HISTORY, MAX_HISTORY_PER_CHECK, trimHistory, type Transition } from './transitions';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const up = { ok: true, loss: 0, latencyMs: 2 };
const down = { ok: false, loss: 1, error: 'dial tcp 10.0.0.2:9809: i/o timeout' };
const round = (peers: Record<string, boolean>, dnsOk = true): RoundInput => ({
  node: 'node-a',
  intervalSeconds: 30,
  heartbeatSeconds: 600,
  dns: dnsOk ? up : { ok: false, loss: 1, error: 'lookup kubernetes.default: i/o timeout' },
  kubernetesService: up,
  peers: Object.entries(peers).map(([target, ok]) => ({ target, ...(ok ? up : down) })),
});

function run(rounds: RoundInput[]): ProbeReport {
  let r: ProbeReport | undefined;
  rounds.forEach((input, i) => { r = nextReport(r, input, T0 + i * 30_000); });
  return r!;
}

describe('probe history', () => {
  it('records each check entering a state, newest first, and nothing while states hold', () => {
    const r = run([round({ b: true }), round({ b: true }), round({ b: false }), round({ b: false }), round({ b: true }, false)]);
    expect(r.history).toEqual([
      { check: 'dns', at: at(120), ok: false, loss: 1, error: 'lookup kubernetes.default: i/o timeout' },
      { check: 'peer', target: 'b', at: at(120), ...up },
      { check: 'peer', target: 'b', at: at(60), ...down },
      { check: 'dns', at: at(0), ...up },
      { check: 'kubernetesService', at: at(0), ...up },
      { check: 'peer', target: 'b', at: at(0), ...up },
    ]);
    // The newest transition of a check is when its current state began.
    expect(r.peers[0]?.since).toBe(at(120));
  });

  it('latency and loss changes alone are no transition', () => {
    const a = nextReport(undefined, round({ b: true }), T0);
    const b = nextReport(a, { ...round({ b: true }), peers: [{ target: 'b', ok: true, loss: 0.33, latencyMs: 900 }] }, T0 + 30_000);
    expect(b.history).toEqual(a.history);
  });

  it('keeps at most MAX_HISTORY_PER_CHECK of a flapping peer, so the other checks keep theirs', () => {
    const rounds = Array.from({ length: 40 }, (_, i) => round({ b: i % 2 === 0, c: true }));
    const r = run(rounds);
    const history = r.history ?? [];
    expect(history.filter((t) => t.target === 'b')).toHaveLength(MAX_HISTORY_PER_CHECK);
    expect(history.filter((t) => t.target === 'c')).toHaveLength(1);
    expect(history.filter((t) => t.check === 'dns')).toHaveLength(1);
    expect(history.filter((t) => t.target === 'b')[0]?.at).toBe(at(39 * 30));
  });

  it('keeps at most MAX_HISTORY in all, the newest', () => {
    const many: Transition[] = Array.from({ length: 60 }, (_, i) => ({ check: 'peer', target: `n${i}`, at: at(600 - i), ok: true, loss: 0 }));
    const kept = trimHistory(many);
    expect(kept).toHaveLength(MAX_HISTORY);
    expect(kept[0]).toBe(many[0]);
    expect(kept.at(-1)).toBe(many[MAX_HISTORY - 1]);
  });

  it('parses a report with its history, and one from an older prober without it', () => {
    const r = run([round({ b: true }), round({ b: false })]);
    expect(parseReport(JSON.stringify(r))).toEqual({ ok: true, report: r });
    const { history: _h, ...older } = r;
    expect(parseReport(JSON.stringify(older)).ok).toBe(true);
  });

  it('refuses a history past its bounds or with a target where none belongs', () => {
    const r = run([round({ b: true })]);
    const entry: Transition = { check: 'peer', target: 'b', at: at(0), ok: true, loss: 0 };
    const bad = (history: unknown): boolean => parseReport(JSON.stringify({ ...r, history })).ok;
    expect(bad(Array.from({ length: MAX_HISTORY + 1 }, () => entry))).toBe(false);
    expect(bad([{ ...entry, target: undefined }])).toBe(false);
    expect(bad([{ ...entry, check: 'dns' }])).toBe(false);
    expect(bad([{ ...entry, error: 'x'.repeat(257) }])).toBe(false);
    expect(bad([{ ...entry, target: 'x'.repeat(254) }])).toBe(false);
    expect(bad([{ ...entry, check: 'ssh' }])).toBe(false);
    expect(bad([entry])).toBe(true);
  });

  it('a report at every bound still fits MAX_REPORT_BYTES, even with errors JSON escapes six times over', () => {
    const name = (i: number): string => `${String(i).padStart(3, '0')}${'n'.repeat(250)}`;
    const error = '\u0001'.repeat(256);
    const check = { ok: false, since: at(0), loss: 1, latencyMs: 600_000, error };
    const report: ProbeReport = {
      node: name(999), podIP: 'f'.repeat(64), observedAt: at(0), intervalSeconds: 3600, heartbeatSeconds: 86_400,
      dns: check, kubernetesService: check,
      peers: Array.from({ length: MAX_REPORT_PEERS }, (_, i) => ({ ...check, target: name(i) })),
      history: Array.from({ length: MAX_HISTORY }, (_, i) => ({ check: 'peer', target: name(i), at: at(i), ok: false, loss: 1, latencyMs: 600_000, error })),
    };
    const text = JSON.stringify(report);
    expect(text.length).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(parseReport(text).ok).toBe(true);
  });
});
