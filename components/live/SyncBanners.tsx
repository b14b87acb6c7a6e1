'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { syncQuery } from '@/lib/api/sync';
import { inertLine } from '@/components/ui/inert';
import { OutageBanner } from './OutageBanner';
import { outageOf } from './outage';

/**
 * On every page, under the header: one banner while the cache is behind the
 * cluster or the dashboard itself cannot be reached, and one line per kind
 * the dashboard may not read (403), so a partial view is never mistaken for
 * a complete one.
 */
export function SyncBanners(): ReactNode {
  // Never prefetched on the server: the answer's arrival time is the browser's, and a fine "now" for "3 min ago".
  const { data, dataUpdatedAt, isRefetchError, error, errorUpdatedAt } = useQuery(syncQuery());
  if (!data) return null;
  // Refetches failed after their retries: the dashboard is unreachable since its last answer.
  const dashboard = isRefetchError ? { lastAnswerAt: dataUpdatedAt, error: error.message } : undefined;
  const outage = outageOf(data, dashboard);
  return (
    <div className="sync-banners">
      {outage && <OutageBanner outage={outage} now={dashboard ? errorUpdatedAt : dataUpdatedAt} />}
      {data.hidden.map((h) => (
        <div key={h.kind} className="banner warn" role="status" data-testid="hidden-kind" data-kind={h.kind} title={h.detail}>
          <strong>{inertLine(h.message)}</strong> {h.consequence}
        </div>
      ))}
    </div>
  );
}
