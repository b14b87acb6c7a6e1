import type { ReactNode } from 'react';
import type { ZoneCellView } from '@/lib/api/views';
import { Heatmap, type HeatCell } from '@/components/charts/Heatmap';
import { inertLine } from '@/components/ui/inert';

function ratio(c: ZoneCellView): number | undefined {
  const total = c.ok + c.failed;
  return total === 0 ? undefined : c.ok / total;
}

/** Probes between zones: where a zone pair fails as a whole, the path between zones is the problem, not a node. */
export function ZoneMatrix({ zones }: { zones?: ZoneCellView[] }): ReactNode {
  if (!zones || zones.length === 0) return null;
  const names = [...new Set(zones.flatMap((c) => [c.from, c.to]))].sort().map(inertLine);
  const cells: HeatCell[] = zones.map((c) => ({
    row: inertLine(c.from), col: inertLine(c.to), value: ratio(c),
    title: `${c.ok} of ${c.ok + c.failed} probes answered`,
  }));
  const failing = zones.filter((c) => c.failed > 0);
  return (
    <section className="panel zone-matrix" aria-labelledby="zone-matrix-title" data-testid="zone-matrix">
      <h2 id="zone-matrix-title">Pod network between zones</h2>
      <p className="muted small">
        Each node probes a few peers every round (docs/data-plane.md). {failing.length === 0 ? 'Every zone pair answers.' : `${failing.length} zone pair${failing.length === 1 ? '' : 's'} with failing probes.`}
      </p>
      <Heatmap label="Share of probes answered, from zone (rows) to zone (columns)" rows={names} cols={names} cells={cells} rowLabel="from" colLabel="to" />
      <details>
        <summary>Numbers</summary>
        <table className="small" data-testid="zone-table">
          <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Answered</th><th scope="col">Failed</th></tr></thead>
          <tbody>
            {zones.map((c) => (
              <tr key={`${c.from}→${c.to}`} data-failed={c.failed > 0}>
                <td>{inertLine(c.from)}</td><td>{inertLine(c.to)}</td><td>{c.ok}</td><td>{c.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
