import { describe, expect, it } from 'vitest';
import type { ProbeReport } from '@/lib/probes/report';
import { Prober, type Member, type ProberIO } from './prober';

const members: Member[] = Array.from({ length: 8 }, (_, i) => ({ name: `node-${i}`, podIP: `10.0.0.${i + 1}` }));

function io(over: Partial<ProberIO> & { down?: Set<string> } = {}): ProberIO & { written: ProbeReport[]; clock: { t: number } } {
  const written: ProbeReport[] = [];
  const clock = { t: Date.parse('2026-12-06T10:00:00Z') };
  const down = over.down ?? new Set<string>();
  return {
    members: () => members,
    zoneOf: async (n) => `zone-${Number(n.split('-')[1]) % 2}`,
    peer: async (ip) => (down.has(ip) ? { ok: false, loss: 1, error: 'i/o timeout' } : { ok: true, loss: 0, latencyMs: 1 }),
    dns: async () => ({ ok: true, loss: 0, latencyMs: 2 }),
    service: async () => ({ ok: true, loss: 0, latencyMs: 1 }),
    publish: async (r) => {
      written.push(r);
    },
    now: () => clock.t,
    ...over,
    written,
    clock,
  };
}

const opts = { node: 'node-0', podIP: '10.0.0.1', peers: 3, intervalSeconds: 30, heartbeatSeconds: 600 };

describe('Prober', () => {
  it('probes its ring peers, publishes the first round, then only on change or heartbeat', async () => {
    const down = new Set<string>();
    const x = io({ down });
    const p = new Prober(opts, x);
    const first = await p.round();
    expect(first.published).toBe(true);
    expect(first.report.peers).toHaveLength(3);
    expect(first.report.peers.map((q) => q.target)).not.toContain('node-0');
    // A different zone among the peers (node-0 is in zone-0).
    expect(first.report.peers.some((q) => Number(q.target.split('-')[1]) % 2 === 1)).toBe(true);

    x.clock.t += 30_000;
    expect((await p.round()).published).toBe(false);

    const victim = members.find((m) => m.name === first.report.peers[0]?.target);
    down.add(victim?.podIP ?? '');
    x.clock.t += 30_000;
    const changed = await p.round();
    expect(changed.published).toBe(true);
    expect(changed.report.peers.find((q) => q.target === victim?.name)).toMatchObject({ ok: false, since: new Date(x.clock.t).toISOString() });

    x.clock.t += 600_000;
    expect((await p.round()).published).toBe(true);
    expect(x.written).toHaveLength(3);
  });

  it('keeps a report it could not publish and publishes it next round', async () => {
    let fail = true;
    const x = io({ publish: async () => { if (fail) throw new Error('HTTP 503'); } });
    const p = new Prober(opts, x);
    await expect(p.round()).rejects.toThrow('503');
    fail = false;
    x.clock.t += 30_000;
    expect((await p.round()).published).toBe(true);
  });

  it('probes nobody while its own pod is not a member', async () => {
    const p = new Prober({ ...opts, node: 'node-99' }, io());
    expect((await p.round()).report.peers).toEqual([]);
  });

  it('resumes the history of its own last published report after a restart, the restart itself a new change', async () => {
    const before = new Prober(opts, io());
    const earlier = (await before.round()).report;
    const x = io();
    x.clock.t += 3_600_000;
    const p = new Prober(opts, x);
    p.resume(earlier);
    const first = await p.round();
    const restartedAt = new Date(x.clock.t).toISOString();
    expect(first.report.history?.filter((t) => t.at === restartedAt)).toHaveLength(5);
    expect(first.report.history?.slice(5)).toEqual(earlier.history);
    // Only its own node's report: another node's history is not taken as its own.
    const q = new Prober(opts, io());
    q.resume({ ...earlier, node: 'node-1' });
    expect((await q.round()).report.history).toHaveLength(5);
  });

  it('probes every other prober of the mesh set once a round, at prober pod IPs only, and publishes when a mesh pair flips', async () => {
    const down = new Set<string>();
    const asked: string[] = [];
    const set = ['node-0', 'node-2', 'node-4', 'node-6', 'not-probing'];
    const x = io({ down, meshSet: () => set });
    const peer = x.peer;
    x.peer = async (ip) => { asked.push(ip); return peer(ip); };
    const p = new Prober(opts, x);
    const first = await p.round();
    const ring = first.report.peers.map((q) => q.target);
    const meshed = (first.report.mesh ?? []).map((q) => q.target);
    expect(new Set([...ring, ...meshed])).toEqual(new Set([...ring, 'node-2', 'node-4', 'node-6']));
    expect(meshed.filter((n) => ring.includes(n))).toEqual([]);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.every((ip) => members.some((m) => m.podIP === ip))).toBe(true);

    const target = meshed[0] as string;
    down.add(members.find((m) => m.name === target)?.podIP ?? '');
    x.clock.t += 30_000;
    const changed = await p.round();
    expect(changed.published).toBe(true);
    expect(changed.report.mesh?.find((q) => q.target === target)).toMatchObject({ ok: false });
  });

  it('adds no mesh probes for a node outside the set', async () => {
    const p = new Prober(opts, io({ meshSet: () => ['node-2', 'node-4'] }));
    expect((await p.round()).report).not.toHaveProperty('mesh');
  });
});
