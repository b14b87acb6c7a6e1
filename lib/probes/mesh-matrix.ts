/**
 * The node × node matrix of the probe mesh: at most 50 × 50 cells, built from
 * the bound, fresh reports of the set's own members (lib/probes/fleet.ts).
 * A cell `from → to` is `from`'s own claim about reaching `to`, read only
 * from `from`'s report and only for a target the set assigns it: one node's
 * report never fills another node's row. Pure.
 */
import { MAX_MESH_NODES } from './mesh-set';
import type { PeerResult, ProbeReport } from './report';

export type MeshCellState = 'ok' | 'failing' | 'pending' | 'absent' | 'self';

export interface MeshCell {
  from: string;
  to: string;
  state: MeshCellState;
  loss?: number;
  latencyMs?: number;
  since?: string;
  error?: string;
}

export interface MeshMember {
  name: string;
  zone?: string;
  /** A prober runs on it and its report is bound and fresh. */
  probing: boolean;
  /** In the cluster at all (a set may name a node that left). */
  known: boolean;
}

export interface MeshMatrix {
  members: MeshMember[];
  cells: MeshCell[];
}

export function meshMatrix(input: {
  set: readonly string[];
  /** Nodes of the cluster and their zones. */
  zones: ReadonlyMap<string, string | undefined>;
  /** Nodes whose prober pod runs. */
  running: ReadonlySet<string>;
  /** Bound, fresh reports by node. */
  reports: ReadonlyMap<string, ProbeReport>;
}): MeshMatrix {
  const set = [...new Set(input.set)].slice(0, MAX_MESH_NODES).sort();
  const members: MeshMember[] = set.map((name) => ({
    name,
    zone: input.zones.get(name),
    known: input.zones.has(name),
    probing: input.running.has(name) && input.reports.has(name),
  }));
  const cells: MeshCell[] = [];
  for (const from of set) {
    const report = input.running.has(from) ? input.reports.get(from) : undefined;
    const results = new Map<string, PeerResult>();
    for (const p of [...(report?.peers ?? []), ...(report?.mesh ?? [])]) if (!results.has(p.target)) results.set(p.target, p);
    for (const to of set) {
      if (from === to) {
        cells.push({ from, to, state: 'self' });
        continue;
      }
      if (!input.running.has(from) || !input.running.has(to)) {
        cells.push({ from, to, state: 'absent' });
        continue;
      }
      const r = results.get(to);
      if (!r) {
        cells.push({ from, to, state: 'pending' });
        continue;
      }
      cells.push({
        from, to, state: r.ok ? 'ok' : 'failing', loss: r.loss, since: r.since,
        ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      });
    }
  }
  return { members, cells };
}
