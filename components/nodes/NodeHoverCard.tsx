import type { ReactNode } from 'react';
import type { NodeView } from '@/lib/api/views';
import { formatDuration } from '@/components/ui/time';
import { verdictLabel } from './VerdictIcon';
import { multusSummary } from './multus-summary';
import { inertLine } from '@/components/ui/inert';

/** Shown for the hovered or focused cell only, so the grid keeps one card in the DOM, not thousands. */
export function NodeHoverCard({ id, node, now }: { id: string; node: NodeView; now: number }): ReactNode {
  const since = node.stuckSince ? formatDuration(now - Date.parse(node.stuckSince)) : undefined;
  return (
    <div id={id} role="tooltip" className="node-card" data-testid="node-hover-card">
      <strong className="node-card-name">{inertLine(node.name)}</strong>
      <dl>
        <dt>Verdict</dt>
        <dd>{verdictLabel(node.verdict)}{node.findingCount > 1 ? ` (${node.findingCount} findings)` : ''}</dd>
        {node.topFinding && (<><dt>Top finding</dt><dd>{inertLine(node.topFinding.title)} <code>{node.topFinding.ruleId}</code></dd></>)}
        <dt>Stuck pods</dt>
        <dd>{node.stuckPods}{since ? `, for ${since}` : ''}</dd>
        <dt>Multus</dt>
        <dd>{multusSummary(node.multus).replace(/^Multus /, '')}</dd>
        <dt>CNI</dt>
        <dd>{node.cnis.join(' → ') || 'none found'}</dd>
        <dt>Zone / pool</dt>
        <dd>{node.zone ?? '–'} / {node.pool ?? '–'}</dd>
      </dl>
    </div>
  );
}
