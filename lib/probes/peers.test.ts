import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignments, buildRing, peersOf, type RingMember } from './peers';

const nodeName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const fleet = fc.uniqueArray(fc.record({ name: nodeName, zone: fc.constantFrom('a', 'b', 'c') }), {
  minLength: 2,
  maxLength: 120,
  selector: (m) => m.name,
});

function inDegrees(members: readonly RingMember[], k: number): Map<string, number> {
  const degrees = new Map(members.map((m) => [m.name, 0]));
  for (const targets of assignments(buildRing(members), k).values()) {
    for (const t of targets) degrees.set(t.name, (degrees.get(t.name) ?? 0) + 1);
  }
  return degrees;
}

describe('peersOf', () => {
  it('probes k distinct other nodes, never itself', () => {
    fc.assert(
      fc.property(fleet, fc.integer({ min: 1, max: 6 }), (members, k) => {
        const ring = buildRing(members);
        for (const m of members) {
          const peers = peersOf(ring, m.name, k).map((p) => p.name);
          expect(peers).toHaveLength(Math.min(k, members.length - 1));
          expect(new Set(peers).size).toBe(peers.length);
          expect(peers).not.toContain(m.name);
        }
      }),
    );
  });

  it('sends O(N·k) probes a round and every node is probed when the fleet has one zone', () => {
    fc.assert(
      fc.property(fleet, fc.integer({ min: 1, max: 5 }), (members, k) => {
        const single = members.map((m) => ({ name: m.name, zone: 'a' }));
        const degrees = inDegrees(single, k);
        const total = [...degrees.values()].reduce((a, b) => a + b, 0);
        expect(total).toBe(members.length * Math.min(k, members.length - 1));
        for (const d of degrees.values()) expect(d).toBe(Math.min(k, members.length - 1));
      }),
    );
  });

  it('gives every node a peer in another zone when another zone exists', () => {
    fc.assert(
      fc.property(fleet, fc.integer({ min: 1, max: 5 }), (members, k) => {
        const ring = buildRing(members);
        for (const m of members) {
          const otherZoneExists = members.some((o) => o.zone !== m.zone);
          const peers = peersOf(ring, m.name, k);
          if (otherZoneExists) expect(peers.some((p) => p.zone !== m.zone)).toBe(true);
        }
      }),
    );
  });

  it('keeps the peers of nodes far from a change on the ring', () => {
    fc.assert(
      fc.property(fleet, nodeName, (members, extra) => {
        fc.pre(!members.some((m) => m.name === extra));
        const k = 3;
        const before = buildRing(members.map((m) => ({ name: m.name })));
        const after = buildRing([...members.map((m) => ({ name: m.name })), { name: extra }]);
        let changed = 0;
        for (const m of members) {
          const a = peersOf(before, m.name, k).map((p) => p.name).join();
          const b = peersOf(after, m.name, k).map((p) => p.name).join();
          if (a !== b) changed++;
        }
        // Only the k predecessors of the newcomer gain it as a peer.
        expect(changed).toBeLessThanOrEqual(k);
      }),
    );
  });

  it('is the same for any input order', () => {
    fc.assert(
      fc.property(fleet, (members) => {
        const a = assignments(buildRing(members), 3);
        const b = assignments(buildRing([...members].reverse()), 3);
        for (const [name, peers] of a) expect(b.get(name)?.map((p) => p.name)).toEqual(peers.map((p) => p.name));
      }),
    );
  });

  it('keeps in-degree near k at fleet size with three zones', () => {
    const members = Array.from({ length: 3000 }, (_, i) => ({ name: `ip-10-0-${i >> 8}-${i & 255}`, zone: 'abc'[i % 3] }));
    const degrees = [...inDegrees(members, 4).values()];
    expect(Math.min(...degrees)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...degrees)).toBeLessThanOrEqual(8);
  });
});
