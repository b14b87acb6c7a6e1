import Link from 'next/link';
import type { KeyboardEvent, ReactNode } from 'react';
import type { NodeView } from '@/lib/api/views';
import { NodeHoverCard } from './NodeHoverCard';
import { VerdictIcon, verdictLabel } from './VerdictIcon';
import { DATA_PLANE_BAD, DATA_PLANE_LABEL } from './data-plane-label';
import { multusParts } from './multus-summary';
import { rememberOpenedNode } from './return-focus';
import { inertLine } from '@/components/ui/inert';

interface Props {
  node: NodeView;
  /** The name as shown: without the domain every node shares. */
  label: string;
  index: number;
  focusable: boolean;
  showCard: boolean;
  /** When the cell last changed (./cell-changes.ts), while it is still to be flashed. */
  changedAt?: number;
  /** When the data was generated: durations are measured to it, not to a clock read in render. */
  now: number;
  onActivate: (index: number | undefined) => void;
  /** Focus landed on this cell (by key, click or restored): the roving focus follows it. */
  onFocused: (index: number) => void;
  onKeyDown: (e: KeyboardEvent<HTMLAnchorElement>) => void;
}

/** One node of the grid: verdict by colour and shape, top finding, stuck pods, Multus pod state; a link to the node. */
export function NodeCell({ node, label, index, focusable, showCard, changedAt, now, onActivate, onFocused, onKeyDown }: Props): ReactNode {
  const top = node.topFinding;
  const multus = multusParts(node.multus);
  const cardId = `node-card-${index}`;
  return (
    <div role="gridcell" className="node-cell-wrap" onMouseEnter={() => onActivate(index)} onMouseLeave={() => onActivate(undefined)}>
      <Link
        prefetch={false}
        href={`/nodes/${encodeURIComponent(node.name)}`}
        tabIndex={focusable ? 0 : -1}
        className={`node-cell v-${node.verdict}`}
        data-testid="node-cell"
        data-node={node.name}
        data-verdict={node.verdict}
        data-index={index}
        aria-label={`${inertLine(node.name)}: ${verdictLabel(node.verdict)}${top ? `, ${inertLine(top.title)}` : ''}${node.stuckPods ? `, ${node.stuckPods} stuck pods` : ''}${node.dataPlane && node.dataPlane !== 'ok' ? `, ${DATA_PLANE_LABEL[node.dataPlane]}` : ''}`}
        aria-describedby={showCard ? cardId : undefined}
        onFocus={() => { onActivate(index); onFocused(index); }}
        onClick={() => rememberOpenedNode(node.name)}
        onKeyDown={onKeyDown}
      >
        <span className="node-cell-head">
          <VerdictIcon verdict={node.verdict} />
          <span className="node-name" title={inertLine(node.name)}>{inertLine(label)}</span>
        </span>
        <span className="node-cell-meta">
          <span>{node.zone ?? 'no zone'}</span>
          <span data-testid="stuck-count">{node.stuckPods > 0 ? `${node.stuckPods} stuck pod${node.stuckPods === 1 ? '' : 's'}` : 'no stuck pods'}</span>
        </span>
        <span className="node-cell-sub">
          {/* The state may shrink to an ellipsis; the termination reason, the key word, never does. */}
          <span className="node-cell-multus" data-testid="multus-state">
            <span className="node-cell-multus-state">{multus.state}</span>
            {multus.last && <span className="node-cell-multus-last" data-testid="multus-last">last: {inertLine(multus.last)}</span>}
          </span>
          {node.dataPlane && (
            <span className={`node-cell-net${DATA_PLANE_BAD.has(node.dataPlane) ? ' net-bad' : ''}`} data-testid="data-plane" data-state={node.dataPlane} title={DATA_PLANE_LABEL[node.dataPlane]}>
              {DATA_PLANE_LABEL[node.dataPlane]}
            </span>
          )}
        </span>
        {top && <span className="node-cell-finding" data-testid="top-finding" data-rule={top.ruleId}>{inertLine(top.title)}</span>}
      </Link>
      {changedAt !== undefined && <span key={changedAt} className="cell-flash" aria-hidden="true" data-testid="cell-flash" />}
      {showCard && <NodeHoverCard id={cardId} node={node} now={now} />}
    </div>
  );
}
