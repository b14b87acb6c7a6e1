'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { syncQuery } from '@/lib/api/sync';
import { Time } from '@/components/ui/Time';
import { inertLine } from '@/components/ui/inert';

/**
 * On every page, under the header: "stale since HH:MM:SS — why" while the
 * cache is behind the cluster, and one line per kind the dashboard may not
 * read (403), so a partial view is never mistaken for a complete one.
 */
export function SyncBanners(): ReactNode {
  // Never prefetched on the server: the answer's arrival time is the browser's, and a fine "now" for "3 min ago".
  const { data, dataUpdatedAt } = useQuery(syncQuery());
  if (!data) return null;
  const starting = data.stale && !data.staleSince && data.kinds.every((k) => !k.error);
  return (
    <div className="sync-banners">
      {data.stale && !starting && (
        <div className="banner warn" role="alert" data-testid="stale-banner">
          <strong>{data.staleSince ? <>Stale since <Time iso={data.staleSince} now={dataUpdatedAt} /></> : 'Not synced'}</strong>
          {data.reason ? ` — ${inertLine(data.reason)}` : ''}
          <span className="muted small">
            {' '}What you see is the last known state{data.retryAt && <>; retrying at <Time iso={data.retryAt} now={dataUpdatedAt} /></>}.
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
