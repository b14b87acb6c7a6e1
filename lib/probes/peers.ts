/**
 * Which nodes a node's prober checks each round: O(N·k) probes, never N².
 *
 * Nodes sit on a hash ring (consistent hashing, Karger et al. 1997); a node
 * probes the k nodes that follow it. Every node is therefore probed by about k
 * others, and a node joining or leaving changes the peers of only the k nodes
 * before it on the ring: a round's assignments are stable as nodes come and go,
 * so history per (source, target) pair stays meaningful. When all k successors
 * share the source's zone, the last slot goes to the next node of another zone,
 * so cross-zone paths (the ones a zone partition breaks) are always covered.
 *
 * Pure: every prober and the dashboard compute the same assignment from the
 * same node list, so the dashboard knows who should have probed whom.
 */

export interface RingMember {
  name: string;
  zone?: string;
}

/** 32-bit FNV-1a; names are ASCII DNS subdomains, and ties are broken by name. */
export function ringHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Ring {
  readonly members: readonly RingMember[];
  readonly index: ReadonlyMap<string, number>;
}

export function buildRing(nodes: readonly RingMember[]): Ring {
  const unique = new Map<string, RingMember>();
  for (const n of nodes) unique.set(n.name, n);
  const members = [...unique.values()]
    .map((m) => ({ m, h: ringHash(m.name) }))
    .sort((a, b) => a.h - b.h || (a.m.name < b.m.name ? -1 : a.m.name > b.m.name ? 1 : 0))
    .map(({ m }) => m);
  return { members, index: new Map(members.map((m, i) => [m.name, i])) };
}

/** The targets `source` probes: its k ring successors, at least one in another zone when one exists. */
export function peersOf(ring: Ring, source: string, k: number): RingMember[] {
  const at = ring.index.get(source);
  const n = ring.members.length;
  if (at === undefined || n < 2 || k < 1) return [];
  const member = (step: number): RingMember => ring.members[(at + step) % n] as RingMember;
  const zone = member(0).zone;
  const want = Math.min(k, n - 1);
  const picked: RingMember[] = [];
  for (let step = 1; picked.length < want; step++) picked.push(member(step));
  if (zone === undefined || picked.some((p) => p.zone !== zone)) return picked;
  for (let step = want + 1; step < n; step++) {
    const candidate = member(step);
    if (candidate.zone !== zone) {
      picked[picked.length - 1] = candidate;
      break;
    }
  }
  return picked;
}

/** Who probes whom, for the whole fleet: the dashboard's expectation of incoming checks. */
export function assignments(ring: Ring, k: number): Map<string, RingMember[]> {
  return new Map(ring.members.map((m) => [m.name, peersOf(ring, m.name, k)]));
}
