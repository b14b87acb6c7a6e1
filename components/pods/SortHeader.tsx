import Link from 'next/link';
import type { ReactNode } from 'react';
import { podsHref, type PodSortKey, type PodsSearch } from '@/lib/api/pods';
import styles from './StuckPods.module.css';

/** Numbers and times read best largest or newest first; names A to Z. */
const FIRST_ORDER: Record<PodSortKey, PodsSearch['order']> = { node: 'asc', pod: 'asc', signature: 'asc', since: 'asc', failures: 'desc' };

/**
 * A column header that sorts the list (on the server: the list is capped).
 * A link, so the order is in the URL and the keyboard reaches it; aria-sort
 * tells a screen reader which column orders the table and which way.
 */
export function SortHeader({ column, label, search }: { column: PodSortKey; label: string; search: PodsSearch }): ReactNode {
  const active = search.sort === column;
  const next = active ? (search.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[column];
  return (
    <th scope="col" aria-sort={active ? (search.order === 'asc' ? 'ascending' : 'descending') : undefined} data-testid={`sort-${column}`}>
      <Link prefetch={false} href={podsHref({ ...search, sort: column, order: next, pod: undefined })} scroll={false} className={styles.sortLink}>
        {label}
        <span className={styles.sortMark} aria-hidden="true">{active ? (search.order === 'asc' ? '▲' : '▼') : '↕'}</span>
        <span className={styles.srOnly}>, sort {next === 'asc' ? 'ascending' : 'descending'}</span>
      </Link>
    </th>
  );
}
