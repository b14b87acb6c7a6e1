'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isFiltered, listingOf, parsePodsSearch, podsQuery, type PodsSearch } from '@/lib/api/pods';
import { ApiError } from '@/lib/api/queries';
import { ClusterStuckChart } from './ClusterStuckChart';
import { PodGroups } from './PodGroups';
import { PodsToolbar } from './PodsToolbar';
import styles from './StuckPods.module.css';
import { Skeleton } from '@/components/ui/Skeleton';

/** /pods: every stuck pod, grouped by node or by error signature, with the cluster chart; all state in the URL. */
export function StuckPods(): ReactNode {
  const parsed = parsePodsSearch(useSearchParams());
  if (!parsed.ok) {
    return (
      <div className="state-msg error" role="alert" data-testid="pods-error">
        <strong>This link has an invalid filter</strong>
        <p>{parsed.error}</p>
        <Link prefetch={false} href="/pods">Show all stuck pods</Link>
      </div>
    );
  }
  return <StuckPodsFor search={parsed.value} />;
}

function StuckPodsFor({ search }: { search: PodsSearch }): ReactNode {
  // The previous answer stays on screen while a new filter or order loads: no flash of the skeleton per keystroke or click.
  const { data, error, isPending, isPlaceholderData } = useQuery({ ...podsQuery(listingOf(search)), placeholderData: keepPreviousData });
  const filtered = isFiltered(search);

  let body: ReactNode;
  if (isPending) {
    body = <Skeleton shape="rows" label="Loading stuck pods…" />;
  } else if (error && !data) {
    const unconfigured = error instanceof ApiError && error.body.code === 'unconfigured';
    body = (
      <div className="state-msg error" role="alert" data-testid="pods-error">
        <strong>{unconfigured ? 'No cluster configured' : 'Cannot load stuck pods'}</strong>
        <p>{error.message}</p>
      </div>
    );
  }

  return (
    <section aria-labelledby="pods-title" className={styles.page} data-testid="pods-page">
      <div className={styles.head}>
        <h1 id="pods-title">Stuck pods</h1>
        {data && (
          <p className={styles.counts} data-testid="pods-count" data-count={data.matching} data-total={data.total} aria-busy={isPlaceholderData} aria-live="polite">
            {filtered ? `${data.matching} of ${data.total} stuck pods match` : `${data.total} stuck pod${data.total === 1 ? '' : 's'}`}
          </p>
        )}
      </div>
      <p className="muted small">Pods scheduled to a node whose sandbox (pod network) cannot be created, with the error they fail with.</p>
      {body ?? (data && (
        <>
          <PodsToolbar search={search} facets={data.facets} />
          <ClusterStuckChart chart={data.chart} filtered={!!(search.node || search.signature)} />
          {data.pods.length === 0 ? (
            <p className="state-msg" data-testid="pods-empty">
              {filtered ? 'No stuck pods match this filter.' : data.stale ? 'Waiting for the first list of pods and events…' : 'No stuck pods: every scheduled pod got its network.'}
            </p>
          ) : (
            <PodGroups pods={data.pods} search={search} now={Date.parse(data.generatedAt)} />
          )}
          {data.matching > data.pods.length && (
            <p className="muted small" data-testid="pods-truncated">Showing the first {data.pods.length} of {data.matching}; filter, search or sort to see others, or export them all.</p>
          )}
        </>
      ))}
    </section>
  );
}
