'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { isFiltered, listingOf, POD_GROUPS, podsHref, type PodsSearch, type PodsView } from '@/lib/api/pods';
import { inertLine } from '@/components/ui/inert';
import { PodsExport } from './PodsExport';
import { PodsSearchBox } from './PodsSearchBox';
import { SortSelect } from './SortSelect';
import styles from './StuckPods.module.css';

const GROUP_LABEL: Record<PodsSearch['group'], string> = { node: 'Node', signature: 'Error signature', none: 'No grouping' };

type FacetKey = 'node' | 'signature' | 'namespace' | 'workload';
const FILTERS: Array<{ key: FacetKey; facet: keyof PodsView['facets']; label: string; all: string }> = [
  { key: 'namespace', facet: 'namespaces', label: 'Namespace', all: 'all namespaces' },
  { key: 'workload', facet: 'workloads', label: 'Workload', all: 'all workloads' },
  { key: 'node', facet: 'nodes', label: 'Node', all: 'all nodes' },
  { key: 'signature', facet: 'signatures', label: 'Signature', all: 'all signatures' },
];

/** Grouping as links, filters as selects and a search box that rewrite the URL (links survive a reload and can be shared). */
export function PodsToolbar({ search, facets }: { search: PodsSearch; facets: PodsView['facets'] }): ReactNode {
  const router = useRouter();
  const go = (next: PodsSearch): void => router.push(podsHref({ ...next, pod: undefined }), { scroll: false });
  return (
    <div className={styles.toolbar}>
      <nav aria-label="Group by" className={styles.groupBy}>
        <span className="muted">Group by</span>
        {POD_GROUPS.map((g) => (
          <Link
            prefetch={false}
            key={g}
            href={podsHref({ ...search, group: g })}
            scroll={false}
            aria-current={search.group === g ? 'true' : undefined}
            className={search.group === g ? styles.current : undefined}
            data-testid={`group-by-${g}`}
          >
            {GROUP_LABEL[g]}
          </Link>
        ))}
      </nav>
      <PodsSearchBox value={search.q ?? ''} onSearch={(q) => go({ ...search, q: q || undefined })} />
      {FILTERS.map(({ key, facet, label, all }) => (
        <label key={key} className={styles.filter}>
          {label}
          <select data-testid={`filter-${key}`} value={search[key] ?? ''} onChange={(e) => go({ ...search, [key]: e.target.value || undefined })}>
            <option value="">{all}</option>
            {withCurrent(facets[facet], search[key]).map((f) => <option key={f.key} value={f.key}>{inertLine(f.key)} ({f.count})</option>)}
          </select>
        </label>
      ))}
      <SortSelect listing={listingOf(search)} onSort={(sort, order) => go({ ...search, sort, order })} />
      {isFiltered(search) && (
        <Link prefetch={false} href={podsHref({ group: search.group, sort: search.sort, order: search.order })} scroll={false} data-testid="clear-filters">Clear filters</Link>
      )}
      <PodsExport listing={listingOf(search)} />
    </div>
  );
}

/** The filter in the URL stays selectable even when nothing matches it any more. */
function withCurrent<T extends { key: string; count: number }>(facets: readonly T[], current: string | undefined): Array<{ key: string; count: number }> {
  return current && !facets.some((f) => f.key === current) ? [...facets, { key: current, count: 0 }] : [...facets];
}
