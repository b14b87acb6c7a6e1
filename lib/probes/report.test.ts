import { describe, expect, it } from 'vitest';
import { changedState, MAX_REPORT_BYTES, parseReport, shouldPublish, type ProbeReport } from './report';
import { nextReport, type RoundInput } from './round';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const ok = { ok: true, loss: 0, latencyMs: 2 };
const round = (peerOk: boolean, latencyMs = 2): RoundInput => ({
  node: 'node-a',
  intervalSeconds: 30,
  heartbeatSeconds: 600,
  dns: ok,
  kubernetesService: ok,
  peers: [{ target: 'node-b', ok: peerOk, loss: peerOk ? 0 : 1, latencyMs }],
});

describe('probe reports', () => {
  it('round-trips through the parser', () => {
    const r = nextReport(undefined, round(true), T0);
    expect(parseReport(JSON.stringify(r))).toEqual({ ok: true, report: r });
  });

  it('refuses oversized, non-JSON and out-of-bounds reports with a reason', () => {
    expect(parseReport('x'.repeat(MAX_REPORT_BYTES + 1))).toMatchObject({ ok: false, error: expect.stringContaining('larger') });
    expect(parseReport('{')).toMatchObject({ ok: false, error: 'probe report is not JSON' });
    const r = nextReport(undefined, round(true), T0);
    const many = { ...r, peers: Array.from({ length: 17 }, (_, i) => ({ ...r.peers[0], target: `n${i}` })) };
    expect(parseReport(JSON.stringify(many)).ok).toBe(false);
    expect(parseReport(JSON.stringify({ ...r, dns: { ...r.dns, loss: 2 } })).ok).toBe(false);
  });

  it('keeps since while a check holds and moves it when it flips', () => {
    const a = nextReport(undefined, round(true), T0);
    const b = nextReport(a, round(true), T0 + 30_000);
    const c = nextReport(b, round(false), T0 + 60_000);
    expect(b.peers[0]?.since).toBe(a.peers[0]?.since);
    expect(c.peers[0]?.since).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('publishes on a flip or a heartbeat, not on latency alone', () => {
    const a = nextReport(undefined, round(true), T0);
    const slower: ProbeReport = nextReport(a, round(true, 40), T0 + 30_000);
    expect(changedState(a, slower)).toBe(false);
    expect(shouldPublish(a, slower, T0, T0 + 30_000)).toBe(false);
    expect(shouldPublish(a, slower, T0, T0 + 600_000)).toBe(true);
    expect(shouldPublish(a, nextReport(a, round(false), T0 + 30_000), T0, T0 + 30_000)).toBe(true);
    expect(shouldPublish(undefined, a, 0, T0)).toBe(true);
  });
});
