'use client';

import type { ReactNode } from 'react';
import { POD_SORT_KEYS, type PodSortKey, type PodsListing, type SortOrder } from '@/lib/api/pods';
import styles from './StuckPods.module.css';

const LABEL: Record<PodSortKey, [string, string]> = {
  node: ['node A→Z', 'node Z→A'],
  pod: ['pod A→Z', 'pod Z→A'],
  since: ['stuck longest first', 'stuck most recently first'],
  failures: ['fewest failures first', 'most failures first'],
  signature: ['signature A→Z', 'signature Z→A'],
};

/** The order as one control: on a phone the table's header row (where the sort links are) is folded into per-row labels. */
export function SortSelect({ listing, onSort }: { listing: PodsListing; onSort: (sort: PodSortKey, order: SortOrder) => void }): ReactNode {
  return (
    <label className={styles.filter}>
      Sort
      <select
        data-testid="sort-select"
        value={`${listing.sort}:${listing.order}`}
        onChange={(e) => {
          const [sort, order] = e.target.value.split(':') as [PodSortKey, SortOrder];
          onSort(sort, order);
        }}
      >
        {POD_SORT_KEYS.flatMap((k) => (['asc', 'desc'] as const).map((o) => (
          <option key={`${k}:${o}`} value={`${k}:${o}`}>{LABEL[k][o === 'asc' ? 0 : 1]}</option>
        )))}
      </select>
    </label>
  );
}
