'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Heatmap, heatColour, type HeatCell } from '@/components/charts/Heatmap';
import { CopyButton } from '@/components/ui/CopyButton';
import { inertLine } from '@/components/ui/inert';
import { meshCommands, meshQuery, type MeshCellState, type MeshView } from '@/lib/api/probe-mesh';
import { cellLabel, MeshCells, STATE_TEXT } from './MeshCells';
import styles from './mesh.module.css';

const FILL: Record<MeshCellState, string> = { ok: heatColour(1), failing: heatColour(0), pending: 'var(--border)', absent: 'var(--subtle)', self: 'var(--disabled-bg)' };

function Commands({ commands }: { commands: MeshView['commands'] }): ReactNode {
  return (
    <ul className={styles.commands} data-testid="mesh-commands">
      {commands.map((c) => (
        <li key={c.command}>
          <span className="small">{c.label}</span><br />
          <code data-testid="mesh-command">{c.command}</code> <CopyButton text={c.command} label={`the command: ${c.label}`} testId="mesh-copy" />
        </li>
      ))}
    </ul>
  );
}

/**
 * The node × node matrix of the probe mesh (docs/data-plane.md): at most 50
 * chosen nodes probing each other. `shown` is the grid's current selection,
 * offered as a set when it fits.
 */
export function MeshMatrix({ shown, filtered }: { shown: readonly string[]; filtered: boolean }): ReactNode {
  const { data } = useQuery(meshQuery());
  // Refusals (403, 503) are the grid's to explain; this section adds nothing then.
  if (!data) return null;
  const n = data.members.length;
  const offer = filtered && shown.length > 0 && shown.length <= data.limit ? meshCommands(data.namespace, shown)[0] : undefined;
  const failing = data.cells.filter((c) => c.state === 'failing').length;
  // Numbered as in the table below: 50 node names do not fit an axis; the tooltip names both nodes in full.
  const index = new Map(data.members.map((m, i) => [m.name, String(i + 1)]));
  const names = [...index.values()];
  const heat: HeatCell[] = data.cells.map((c) => ({ row: index.get(c.from) ?? '', col: index.get(c.to) ?? '', fill: FILL[c.state], title: cellLabel(c) }));
  const size = Math.max(22, Math.min(56, Math.floor(320 / Math.max(1, n))));
  return (
    <section className="panel zone-matrix" aria-labelledby="mesh-title" data-testid="mesh-matrix">
      <h2 id="mesh-title">Pod network in the probe mesh</h2>
      {data.error && <p className="state-msg error" role="alert" data-testid="mesh-error">{inertLine(data.error)}. The probers ignore it and probe their ring only.</p>}
      {n === 0 ? (
        <div data-testid="mesh-empty">
          <p className="small">
            Choose up to {data.limit} nodes to probe each other every round, and see every pair here. It costs at most
            {' '}{data.limit * (data.limit - 1)} extra probes a round and writes only when a pair changes state. Filter the grid
            to at most {data.limit} nodes (by zone, for example) for a ready-made command, or name them yourself:
          </p>
          <Commands commands={offer ? [offer] : data.commands.slice(0, 1)} />
        </div>
      ) : (
        <>
          <p className="muted small" data-testid="mesh-summary">
            {n} node{n === 1 ? '' : 's'}, up to {data.probesPerRound} extra probes a round. {failing === 0 ? 'No pair fails.' : `${failing} pair${failing === 1 ? '' : 's'} failing.`}
          </p>
          <ul className={`${styles.legend} small`} aria-label="Legend">
            {(Object.keys(STATE_TEXT) as MeshCellState[]).map((s) => <li key={s}><span aria-hidden="true">{STATE_TEXT[s].mark}</span> {STATE_TEXT[s].words}</li>)}
          </ul>
          <div className={styles.scroll}>
            <div style={{ minWidth: n * (size + 8) + 160 }}>
              <Heatmap label="Probe results from node (rows) to node (columns); the same in the table below" rows={names} cols={names} cells={heat} rowLabel="from" colLabel="to" />
            </div>
          </div>
          <MeshCells members={data.members} cells={data.cells} now={data.generatedAt} />
          <details>
            <summary>Change or stop the mesh (kubectl)</summary>
            <Commands commands={offer ? [offer, ...data.commands.slice(1)] : data.commands} />
          </details>
        </>
      )}
    </section>
  );
}
