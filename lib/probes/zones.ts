/**
 * The zone × zone view of a round: O(zones²) cells from O(N·k) probes, which
 * is what the fleet page sends to the browser instead of a node × node matrix.
 */

export interface ZoneCell {
  from: string;
  to: string;
  ok: number;
  failed: number;
  /** Distinct sources with at least one failure in this cell. */
  failingSources: number;
}

export type ZoneMatrix = ZoneCell[];

export const NO_ZONE = '(no zone)';
/** A zone pair fails as a whole when most of its probes fail, from several sources. */
export const PARTITION_MIN_FAILED_RATIO = 0.8;
export const PARTITION_MIN_SOURCES = 2;

export const zoneKey = (from: string | undefined, to: string | undefined): string => `${from ?? NO_ZONE}\u0000${to ?? NO_ZONE}`;

export function zoneMatrix(probes: Iterable<{ from?: string; to?: string; ok: boolean; source: string }>): ZoneMatrix {
  const cells = new Map<string, ZoneCell & { sources: Set<string> }>();
  for (const p of probes) {
    const key = zoneKey(p.from, p.to);
    let cell = cells.get(key);
    if (!cell) {
      cell = { from: p.from ?? NO_ZONE, to: p.to ?? NO_ZONE, ok: 0, failed: 0, failingSources: 0, sources: new Set() };
      cells.set(key, cell);
    }
    if (p.ok) cell.ok++;
    else {
      cell.failed++;
      cell.sources.add(p.source);
    }
  }
  return [...cells.values()]
    .map(({ sources, ...cell }) => ({ ...cell, failingSources: sources.size }))
    .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
}

/**
 * Cross-zone pairs that fail as a whole while both zones work inside: a
 * partition, not a node problem. Same-zone cells never count (a zone whose
 * own nodes cannot reach each other is a node problem, per node).
 */
export function partitionedPairs(matrix: ZoneMatrix): Set<string> {
  const inside = new Map(matrix.filter((c) => c.from === c.to).map((c) => [c.from, c]));
  const healthyInside = (zone: string): boolean => {
    const c = inside.get(zone);
    return c === undefined || c.ok >= c.failed;
  };
  const out = new Set<string>();
  for (const c of matrix) {
    if (c.from === c.to || c.from === NO_ZONE || c.to === NO_ZONE) continue;
    const total = c.ok + c.failed;
    if (total === 0 || c.failed / total < PARTITION_MIN_FAILED_RATIO || c.failingSources < PARTITION_MIN_SOURCES) continue;
    if (healthyInside(c.from) && healthyInside(c.to)) out.add(zoneKey(c.from, c.to));
  }
  return out;
}
