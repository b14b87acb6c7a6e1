'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import styles from './bulk.module.css';

interface Props<T> {
  items: readonly T[];
  /** A first guess of a row's height; rows are measured once drawn. */
  estimate: number;
  row: (item: T, index: number) => ReactNode;
  label: string;
  testId?: string;
}

/**
 * A list in its own scroll box that draws only the rows in view, so a bulk
 * repair of hundreds of nodes costs the DOM of a screenful. The list keeps
 * list semantics (role list/listitem with aria-setsize and aria-posinset),
 * since most rows are not in the DOM.
 */
export function VirtualRows<T>({ items, estimate, row, label, testId }: Props<T>): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  // TanStack Virtual hands back functions the React Compiler cannot memoise; the list re-renders as a whole anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const v = useVirtualizer({ count: items.length, getScrollElement: () => ref.current, estimateSize: () => estimate, overscan: 6 });
  return (
    <div ref={ref} className={styles.scroller} tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      <div role="list" aria-label={label} style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => (
          <div key={vi.key} role="listitem" aria-setsize={items.length} aria-posinset={vi.index + 1} data-index={vi.index} ref={v.measureElement}
            className={styles.vrow} style={{ transform: `translateY(${vi.start}px)` }}>
            {row(items[vi.index]!, vi.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
