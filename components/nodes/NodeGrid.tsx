'use client';

import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError, gridQuery } from '@/lib/api/queries';
import { NodeCell } from './NodeCell';
import { VerdictCounts } from './VerdictCounts';
import { nextIndex } from './grid-keys';
import { commonDomainSuffix, shortName } from './short-names';
import { ClusterFindings } from '@/components/findings/ClusterFindings';

/** Cells on the first visual row: the grid wraps responsively, so count rather than assume. */
function columnsOf(cells: HTMLElement[]): number {
  const top = cells[0]?.offsetTop;
  const n = cells.findIndex((c) => c.offsetTop !== top);
  return n === -1 ? Math.max(1, cells.length) : n;
}

/** The fleet at a glance: one cell per node, worst first. Arrow keys move between cells. */
export function NodeGrid(): ReactNode {
  const { data, error, isPending } = useQuery(gridQuery());
  const [focus, setFocus] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);

  if (isPending) return <p className="state-msg" role="status">Loading nodes…</p>;
  if (error && !data) {
    const unconfigured = error instanceof ApiError && error.body.code === 'unconfigured';
    return (
      <div className="state-msg error" role="alert" data-testid="grid-error">
        <strong>{unconfigured ? 'No cluster configured' : 'Cannot load nodes'}</strong>
        <p>{error.message}</p>
      </div>
    );
  }
  const nodes = data.nodes;
  const suffix = commonDomainSuffix(nodes.map((n) => n.name));

  const onKeyDown = (index: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const cells = [...(gridRef.current?.querySelectorAll<HTMLElement>('[role="gridcell"]') ?? [])];
    const next = nextIndex(e.key, index, nodes.length, columnsOf(cells));
    if (next === undefined) return;
    e.preventDefault();
    setFocus(next);
    cells[next]?.focus();
  };

  return (
    <section aria-labelledby="grid-title">
      <div className="grid-toolbar">
        <h1 id="grid-title">Nodes</h1>
        <VerdictCounts counts={data.counts} total={nodes.length} />
      </div>
      {data.errors.length > 0 && (
        <div className="banner warn" role="alert" data-testid="partial-errors">
          Some data may be missing or out of date: {data.errors.join('; ')}
        </div>
      )}
      <ClusterFindings findings={data.clusterFindings} />
      {suffix && <p className="muted small">Node names end in <code>{suffix}</code>.</p>}
      {nodes.length === 0 ? (
        <p className="state-msg" data-testid="grid-empty">{data.stale ? 'Waiting for the first list of nodes…' : 'This cluster has no nodes.'}</p>
      ) : (
        <div ref={gridRef} className="node-grid" role="grid" aria-label="Nodes" data-testid="node-grid">
          <div role="row" className="node-grid-row">
            {nodes.map((node, i) => (
              <NodeCell key={node.name} node={node} label={shortName(node.name, suffix)} focused={i === Math.min(focus, nodes.length - 1)} onFocus={() => setFocus(i)} onKeyDown={onKeyDown(i)} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
