'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { gridQuery } from '@/lib/api/queries';
import { useLiveUpdates } from '@/components/live/useLiveUpdates';
import { LiveIndicator } from '@/components/live/LiveIndicator';

/** Which cluster this is (and "demo" when it is the demo), and whether what you see is live. */
export function Header(): ReactNode {
  const live = useLiveUpdates();
  const { data } = useQuery(gridQuery());
  const cluster = data?.cluster;
  return (
    <header className="app-header">
      <Link href="/" className="brand">cni-health</Link>
      <nav className="app-nav" aria-label="Main">
        <Link href="/">Nodes</Link>
        <Link href="/pods">Stuck pods</Link>
      </nav>
      <div className="cluster" data-testid="cluster-name" title={cluster?.server}>
        {cluster ? (
          <>
            <span className="cluster-label">cluster</span> <strong>{cluster.name}</strong>
            {cluster.demo && <span className="demo-tag" data-testid="demo-tag">demo</span>}
          </>
        ) : (
          <span className="muted">no cluster</span>
        )}
      </div>
      <LiveIndicator live={live} stale={data?.stale ?? false} staleSince={data?.staleSince} />
    </header>
  );
}
