import { describe, expect, it } from 'vitest';
import type { NodeHistory } from '@/lib/probes/history';
import { probeHistoryView } from './probe-history';

const at = (m: number): string => new Date(Date.parse('2026-12-06T10:00:00Z') + m * 60_000).toISOString();

describe('probeHistoryView', () => {
  it("groups transitions per check, newest changes first, keeping each peer's side apart", () => {
    const h: NodeHistory = {
      own: [
        { check: 'peer', target: 'node-b', at: at(5), ok: false, loss: 1, error: 'i/o timeout' },
        { check: 'dns', at: at(0), ok: true, loss: 0, latencyMs: 2 },
        { check: 'peer', target: 'node-b', at: at(0), ok: true, loss: 0 },
        { check: 'kubernetesService', at: at(0), ok: true, loss: 0 },
      ],
      asTarget: [
        { source: 'node-c', check: 'peer', target: 'node-a', at: at(7), ok: true, loss: 0 },
        { source: 'node-b', check: 'peer', target: 'node-a', at: at(6), ok: false, loss: 1 },
        { source: 'node-c', check: 'peer', target: 'node-a', at: at(4), ok: false, loss: 0.67, error: 'timeout' },
      ],
    };
    const v = probeHistoryView(h);
    expect(v.own.map((c) => [c.kind, c.peer])).toEqual([['dns', undefined], ['kubernetesService', undefined], ['to-peer', 'node-b']]);
    expect(v.own[2]?.transitions).toEqual([{ at: at(5), ok: false, loss: 1, error: 'i/o timeout' }, { at: at(0), ok: true, loss: 0 }]);
    expect(v.asTarget.map((c) => c.peer)).toEqual(['node-c', 'node-b']);
    expect(v.asTarget[0]?.transitions.map((t) => t.ok)).toEqual([true, false]);
    expect(v.asTarget.every((c) => c.kind === 'from-peer')).toBe(true);
  });

  it('is empty without history', () => {
    expect(probeHistoryView({ own: [], asTarget: [] })).toEqual({ own: [], asTarget: [] });
  });
});
