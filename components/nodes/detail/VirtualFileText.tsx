'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import type { CniFileView } from '@/lib/api/node-detail';
import { inert } from '@/components/ui/inert';
import { FileLine, type FileLines } from './FileLine';
import styles from './detail.module.css';

/** Line height of `.code` (0.8rem × 1.35 at a 16 px root); rows are measured once drawn. */
const ESTIMATED_LINE_PX = 18;

/** A long file: only the lines in (and near) the scrolled window are in the document. */
export function VirtualFileText({ file, data }: { file: CniFileView; data: FileLines }): ReactNode {
  const scroller = useRef<HTMLPreElement>(null);
  // TanStack Virtual's instance changes under React's feet by design; this component re-renders on scroll, unmemoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({ count: data.lines.length, getScrollElement: () => scroller.current, estimateSize: () => ESTIMATED_LINE_PX, overscan: 30 });
  return (
    <pre ref={scroller} className={styles.code} data-format={file.format} data-virtual="true" data-lines={data.lines.length} tabIndex={0} aria-label={`Content of ${inert(file.name)}, ${data.lines.length} lines`}>
      <code style={{ display: 'block', position: 'relative', height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((row) => (
          <FileLine key={row.index} at={row.index} data={data} style={{ position: 'absolute', top: 0, left: 0, minWidth: '100%', transform: `translateY(${row.start}px)` }} />
        ))}
      </code>
    </pre>
  );
}
