import type { KeyboardEvent, ReactNode } from 'react';
import type { NodeView } from '@/lib/api/views';
import { VerdictIcon, verdictLabel } from './VerdictIcon';

interface Props {
  node: NodeView;
  /** The name as shown: without the domain every node shares. */
  label: string;
  focused: boolean;
  onFocus: () => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
}

function multusSummary(node: NodeView): string {
  const m = node.multus;
  if (!m) return 'no Multus pod';
  const state = m.phase === 'Running' && m.ready ? 'running' : m.ready ? m.phase.toLowerCase() : `${m.phase.toLowerCase()}, not ready`;
  const restarts = m.restarts > 0 ? `, ${m.restarts} restart${m.restarts === 1 ? '' : 's'}` : '';
  const last = m.lastTerminationReason ? ` (last: ${m.lastTerminationReason})` : '';
  return `Multus ${state}${restarts}${last}`;
}

/** One node of the grid: verdict by colour and shape, top finding, stuck pods, Multus pod state. */
export function NodeCell({ node, label, focused, onFocus, onKeyDown }: Props): ReactNode {
  const top = node.findings[0];
  return (
    <div
      role="gridcell"
      tabIndex={focused ? 0 : -1}
      className={`node-cell v-${node.verdict}`}
      data-testid="node-cell"
      data-node={node.name}
      data-verdict={node.verdict}
      aria-label={`${node.name}: ${verdictLabel(node.verdict)}${top ? `, ${top.title}` : ''}`}
      onFocus={onFocus}
      onKeyDown={onKeyDown}
    >
      <div className="node-cell-head">
        <VerdictIcon verdict={node.verdict} />
        <span className="node-name" title={node.name}>{label}</span>
      </div>
      <div className="node-cell-meta">
        <span>{node.zone ?? 'no zone'}</span>
        <span data-testid="stuck-count">{node.stuckPods > 0 ? `${node.stuckPods} stuck pod${node.stuckPods === 1 ? '' : 's'}` : 'no stuck pods'}</span>
      </div>
      <div className="node-cell-multus" data-testid="multus-state">{multusSummary(node)}</div>
      {top && <div className="node-cell-finding" data-testid="top-finding" data-rule={top.ruleId}>{top.title}</div>}
    </div>
  );
}
