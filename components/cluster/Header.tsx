'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { gridQuery } from '@/lib/api/queries';
import { VERDICTS } from '@/lib/api/views';
import { useLiveUpdates } from '@/components/live/useLiveUpdates';
import { LiveIndicator } from '@/components/live/LiveIndicator';
import { IdentitySwitch } from '@/components/remediation/IdentitySwitch';
import { VerdictIcon, verdictLabel } from '@/components/nodes/VerdictIcon';
import { Time } from '@/components/ui/Time';
import { useMounted } from '@/components/ui/useMounted';
import { inertLine } from '@/components/ui/inert';
import { ZoneSwitch } from '@/components/ui/ZoneSwitch';
import { tabTitle } from './tab-title';

/**
 * On every page: which cluster this is (and "demo" when it is the demo),
 * the fleet's verdict counts, the CNIs found, and whether what you see is live.
 * The fleet part renders only in the browser (see useMounted): the grid page
 * prefetches the same query below this layout.
 */
export function Header(): ReactNode {
  const mounted = useMounted();
  return (
    <header className="app-header">
      <Link prefetch={false} href="/" className="brand">cni-health</Link>
      <nav className="app-nav" aria-label="Main">
        <Link prefetch={false} href="/">Nodes</Link>
        <Link prefetch={false} href="/pods">Stuck pods</Link>
        <Link prefetch={false} href="/audit">Audit</Link>
      </nav>
      {mounted && <FleetSummary />}
    </header>
  );
}

function FleetSummary(): ReactNode {
  const live = useLiveUpdates();
  const { data, isRefetchError, dataUpdatedAt } = useQuery(gridQuery());
  const cluster = data?.cluster;
  // While stale, the data is as old as the last moment it matched the cluster, however recently it was computed.
  const asOf = data?.stale && data.staleSince ? data.staleSince : data?.generatedAt;
  const broken = data?.counts.broken ?? 0;
  // A tab in the background still says how many nodes are broken.
  // A navigation may set the page's own title again: the count goes back in front.
  const pathname = usePathname();
  useEffect(() => {
    document.title = tabTitle(document.title, broken);
  }, [broken, pathname]);
  return (
    <>
      <div className="cluster" data-testid="cluster-name" title={cluster?.server}>
        {cluster ? (
          <>
            <span className="cluster-label">cluster</span> <strong>{inertLine(cluster.name)}</strong>
            {cluster.demo && <span className="demo-tag" data-testid="demo-tag">demo</span>}
          </>
        ) : (
          <span className="muted">no cluster</span>
        )}
      </div>
      {data && (
        <>
          <ul className="header-counts" aria-label="Nodes by verdict" data-testid="header-counts">
            {VERDICTS.filter((v) => data.counts[v] > 0).map((v) => (
              <li key={v} title={`${data.counts[v]} ${verdictLabel(v).toLowerCase()}`}>
                <VerdictIcon verdict={v} size={12} /> {data.counts[v]}
              </li>
            ))}
          </ul>
          <span className="header-cnis" data-testid="header-cnis" title="CNIs found in the nodes' config directories">
            {data.cnis.length > 0 ? data.cnis.map((c) => c.name).join(' · ') : 'no CNI config seen'}
          </span>
          <span className="header-fresh" data-testid="header-freshness" data-stale={data.stale}>as of <Time iso={asOf} now={data.generatedAt} show="absolute" /></span>
        </>
      )}
      <ZoneSwitch at={data ? Date.parse(data.generatedAt) : 0} />
      <IdentitySwitch />
      <LiveIndicator live={live} stale={data?.stale ?? false} staleSince={data?.staleSince} refreshFailingSince={isRefetchError ? dataUpdatedAt : undefined} />
    </>
  );
}
