'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, type ReactNode } from 'react';
import { FleetFindings } from '@/components/findings/FleetFindings';
import { applyGridFilters, gridFacets, gridFiltersToQuery, groupNodes, isFiltered, parseGridFilters, type GridFilters } from '@/lib/api/grid-filters';
import { ApiError, gridQuery } from '@/lib/api/queries';
import { GridToolbar } from './GridToolbar';
import { VerdictCounts } from './VerdictCounts';
import { ZoneMatrix } from './ZoneMatrix';
import { MeshMatrix } from '@/components/probes/MeshMatrix';
import { VirtualNodeGrid } from './VirtualNodeGrid';
import { Skeleton } from '@/components/ui/Skeleton';

/** The fleet at a glance: one cell per node, worst first, filtered and grouped as the URL says; the findings beside it. */
export function NodeGrid(): ReactNode {
  const { data, error, isPending } = useQuery(gridQuery());
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => parseGridFilters(params), [params]);
  const shown = useMemo(() => (data ? applyGridFilters(data.nodes, filters) : []), [data, filters]);
  const shownNames = useMemo(() => shown.map((n) => n.name), [shown]);
  const groups = useMemo(() => groupNodes(shown, filters.group), [shown, filters.group]);
  const facets = useMemo(() => gridFacets(data?.nodes ?? []), [data]);

  if (isPending) return <Skeleton shape="grid" label="Loading nodes…" />;
  if (error && !data) {
    const unconfigured = error instanceof ApiError && error.body.code === 'unconfigured';
    return (
      <div className="state-msg error" role="alert" data-testid="grid-error">
        <strong>{unconfigured ? 'No cluster configured' : 'Cannot load nodes'}</strong>
        <p>{error.message}</p>
      </div>
    );
  }

  const onChange = (next: GridFilters): void => router.replace(`${pathname}${gridFiltersToQuery(next)}`, { scroll: false });

  return (
    <div className="fleet-layout">
      <section aria-labelledby="grid-title" className="fleet-main">
        <div className="grid-toolbar">
          <h1 id="grid-title">Nodes</h1>
          <VerdictCounts counts={data.counts} total={data.nodes.length} />
          {/* The findings sit beside the grid on wide screens and after it (past every node) on narrow ones. */}
          <a href="#fleet-findings" className="findings-jump small">Findings and cluster-wide fixes</a>
        </div>
        <GridToolbar filters={filters} facets={facets} onChange={onChange} />
        {isFiltered(filters) && (
          <p className="muted small" data-testid="filter-summary" role="status">
            Showing {shown.length} of {data.nodes.length} nodes.
          </p>
        )}
        {data.nodes.length === 0 ? (
          <p className="state-msg" data-testid="grid-empty">{data.stale ? 'Waiting for the first list of nodes…' : 'This cluster has no nodes.'}</p>
        ) : shown.length === 0 ? (
          <p className="state-msg" data-testid="grid-no-match">No node matches these filters.</p>
        ) : (
          <VirtualNodeGrid groups={groups} headers={filters.group !== 'none'} now={Date.parse(data.generatedAt)} />
        )}
        <ZoneMatrix zones={data.zones} />
        <MeshMatrix shown={shownNames} filtered={isFiltered(filters)} />
      </section>
      <FleetFindings nodes={data.nodes} clusterFindings={data.clusterFindings} />
    </div>
  );
}
