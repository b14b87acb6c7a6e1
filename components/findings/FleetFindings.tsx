import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import type { FindingView, NodeView } from '@/lib/api/views';
import { ClusterRemediations } from '@/components/remediation/ClusterRemediations';
import { BulkOffers } from '@/components/remediation/bulk/BulkOffers';
import { inertLine } from '@/components/ui/inert';
import { ruleCounts } from './rule-counts';

/**
 * The findings section beside the grid (below it on narrow screens): what
 * fired on how many nodes, each a filter of the grid, then the cluster-wide
 * findings with their fixes and their blast radius. Fleet-wide actions on a
 * node finding belong beside its line here.
 */
export function FleetFindings({ nodes, clusterFindings }: { nodes: readonly NodeView[]; clusterFindings: FindingView[] }): ReactNode {
  const rules = useMemo(() => ruleCounts(nodes), [nodes]);
  return (
    <aside id="fleet-findings" className="fleet-findings" aria-labelledby="fleet-findings-title" data-testid="fleet-findings">
      <h2 id="fleet-findings-title">Findings across the fleet</h2>
      {rules.length === 0 ? (
        <p className="muted small">No node has a finding.</p>
      ) : (
        <ul className="fleet-rules">
          {rules.map((r) => (
            <li key={r.ruleId} data-testid="fleet-rule" data-rule={r.ruleId} data-count={r.count}>
              <Link prefetch={false} href={`/?rule=${encodeURIComponent(r.ruleId)}`} scroll={false}>{inertLine(r.title ?? r.ruleId)}</Link>
              <span className="muted small"> on {r.count} node{r.count === 1 ? '' : 's'}</span>
            </li>
          ))}
        </ul>
      )}
      <BulkOffers />
      <ClusterRemediations findings={clusterFindings} />
    </aside>
  );
}
