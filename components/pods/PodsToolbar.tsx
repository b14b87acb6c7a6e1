'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { POD_GROUPS, podsHref, type PodsSearch, type PodsView } from '@/lib/api/pods';
import styles from './StuckPods.module.css';

const GROUP_LABEL: Record<PodsSearch['group'], string> = { node: 'Node', signature: 'Error signature' };

/** Grouping as links (they survive a reload and can be shared) and filters as selects that rewrite the URL. */
export function PodsToolbar({ search, facets }: { search: PodsSearch; facets: PodsView['facets'] }): ReactNode {
  const router = useRouter();
  const go = (next: PodsSearch): void => router.push(podsHref(next), { scroll: false });
  const nodes = withCurrent(facets.nodes, search.node);
  const signatures = withCurrent(facets.signatures, search.signature);
  return (
    <div className={styles.toolbar}>
      <nav aria-label="Group by" className={styles.groupBy}>
        <span className="muted">Group by</span>
        {POD_GROUPS.map((g) => (
          <Link
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
      <label className={styles.filter}>
        Node
        <select data-testid="filter-node" value={search.node ?? ''} onChange={(e) => go({ ...search, node: e.target.value || undefined, pod: undefined })}>
          <option value="">all nodes</option>
          {nodes.map((f) => <option key={f.key} value={f.key}>{f.key} ({f.count})</option>)}
        </select>
      </label>
      <label className={styles.filter}>
        Signature
        <select data-testid="filter-signature" value={search.signature ?? ''} onChange={(e) => go({ ...search, signature: e.target.value || undefined, pod: undefined })}>
          <option value="">all signatures</option>
          {signatures.map((f) => <option key={f.key} value={f.key}>{f.key} ({f.count})</option>)}
        </select>
      </label>
      {(search.node || search.signature) && (
        <Link href={podsHref({ group: search.group })} scroll={false} data-testid="clear-filters">Clear filters</Link>
      )}
    </div>
  );
}

/** The filter in the URL stays selectable even when nothing matches it any more. */
function withCurrent<T extends { key: string; count: number }>(facets: readonly T[], current: string | undefined): Array<{ key: string; count: number }> {
  return current && !facets.some((f) => f.key === current) ? [...facets, { key: current, count: 0 }] : [...facets];
}
