'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { podRef, podsHref, type PodsSearch, type StuckPodView } from '@/lib/api/pods';
import type { PodGroup } from './grouping';
import { StuckPodRow } from './StuckPodRow';

/** Below this, every row is drawn: the DOM is small and find-in-page sees every pod. */
export const VIRTUAL_FROM = 60;
const ROW_ESTIMATE = 56;
const FIRST_WINDOW = { width: 1024, height: 900 };

interface Props {
  group: PodGroup;
  search: PodsSearch;
  now: number;
}

function Row({ pod, group, search, now }: { pod: StuckPodView } & Props): ReactNode {
  const ref = podRef(pod);
  const open = search.pod === ref;
  return <StuckPodRow pod={pod} groupBy={group.kind} open={open} toggleHref={podsHref({ ...search, pod: open ? undefined : ref })} now={now} />;
}

/**
 * The rows of one table. A long list (the flat view can hold 500 rows) draws
 * only the rows in view plus a few: each pod is its own <tbody> (a table may
 * have several), measured as drawn because messages wrap and a timeline may
 * be open, with spacer rows keeping the scroll height honest.
 */
export function PodRows(props: Props): ReactNode {
  if (props.group.pods.length < VIRTUAL_FROM) {
    return <tbody>{props.group.pods.map((p) => <Row key={podRef(p)} pod={p} {...props} />)}</tbody>;
  }
  return <VirtualRows {...props} />;
}

function VirtualRows(props: Props): ReactNode {
  const { pods } = props.group;
  const anchor = useRef<HTMLTableSectionElement>(null);
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const el = anchor.current;
    if (el) setTop(el.getBoundingClientRect().top + window.scrollY);
  }, []);
  // The same first window on the server and in the browser's first render (hydration), then the real one.
  const virtualizer = useWindowVirtualizer({ count: pods.length, estimateSize: () => ROW_ESTIMATE, overscan: 8, scrollMargin: top, initialRect: FIRST_WINDOW });
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0]!.start - virtualizer.options.scrollMargin : 0;
  const after = items.length ? virtualizer.getTotalSize() - (items.at(-1)!.end - virtualizer.options.scrollMargin) : 0;
  return (
    <>
      <tbody ref={anchor} aria-hidden="true">{before > 0 && <tr style={{ height: before }} />}</tbody>
      {items.map((item) => {
        const pod = pods[item.index]!;
        return (
          <tbody key={podRef(pod)} data-index={item.index} ref={virtualizer.measureElement}>
            <Row pod={pod} {...props} />
          </tbody>
        );
      })}
      <tbody aria-hidden="true" data-testid="virtual-rows-end">{after > 0 && <tr style={{ height: after }} />}</tbody>
    </>
  );
}
