'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { syncQuery } from '@/lib/api/sync';
import { formatClock } from '@/components/ui/time';
import { inertLine } from '@/components/ui/inert';

/**
 * On every page, under the header: "stale since HH:MM:SS — why" while the
 * cache is behind the cluster, and one line per kind the dashboard may not
 * read (403), so a partial view is never mistaken for a complete one.
 */
export function SyncBanners(): ReactNode {
  const { data } = useQuery(syncQuery());
  if (!data) return null;
  const starting = data.stale && !data.staleSince && data.kinds.every((k) => !k.error);
  return (
    <div className="sync-banners">
      {data.stale && !starting && (
        <div className="banner warn" role="alert" data-testid="stale-banner">
          <strong>{data.staleSince ? `Stale since ${formatClock(Date.parse(data.staleSince))}` : 'Not synced'}</strong>
          {data.reason ? ` — ${inertLine(data.reason)}` : ''}
          <span className="muted small">
            {' '}What you see is the last known state{data.retryAt ? `; retrying at ${formatClock(Date.parse(data.retryAt))}` : ''}.
          </span>
        </div>
      )}
      {data.hidden.map((h) => (
        <div key={h.kind} className="banner warn" role="status" data-testid="hidden-kind" data-kind={h.kind} title={h.detail}>
          <strong>{inertLine(h.message)}</strong> {h.consequence}
        </div>
      ))}
    </div>
  );
}
