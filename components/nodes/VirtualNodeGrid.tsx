'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { NodeGroup } from '@/lib/api/grid-filters';
import { NodeCell } from './NodeCell';
import { layoutGrid, moveFocus } from './grid-layout';
import { cellChanges } from './cell-changes';
import { takeOpenedNode } from './return-focus';
import { commonDomainSuffix, shortName } from './short-names';

const MIN_CELL = 240;
const GAP = 10;
const CELL_ROW = 118;
const HEADER_ROW = 40;

/** Cells that fit the width, and where the grid starts on the page, from the container's measured box. */
function useGeometry(ref: React.RefObject<HTMLDivElement | null>): { columns: number; top: number } {
  const [geometry, setGeometry] = useState({ columns: 4, top: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const columns = Math.max(1, Math.floor((el.clientWidth + GAP) / (MIN_CELL + GAP)));
      const top = el.getBoundingClientRect().top + window.scrollY;
      setGeometry((g) => (g.columns === columns && g.top === top ? g : { columns, top }));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    ro.observe(document.body);
    return () => ro.disconnect();
  }, [ref]);
  return geometry;
}

/**
 * Renders only the rows in view (plus a few), so 5,000 nodes cost the DOM
 * of a screenful. Arrow keys, Home and End move a roving focus; a move to a
 * row that is not drawn scrolls it in first.
 */
export function VirtualNodeGrid({ groups, headers, now }: { groups: NodeGroup[]; headers: boolean; now: number }): ReactNode {
  const containerRef = useRef<HTMLDivElement>(null);
  const { columns, top } = useGeometry(containerRef);
  const layout = useMemo(() => layoutGrid(groups, columns, headers), [groups, columns, headers]);
  const suffix = useMemo(() => commonDomainSuffix(layout.nodes.map((n) => n.name)), [layout]);
  const [focus, setFocus] = useState(0);
  const [active, setActive] = useState<number | undefined>();
  // Cells that changed since the previous answer, flashed briefly; kept across re-sorting (a broken node moves up).
  const [changes, setChanges] = useState({ nodes: layout.nodes, marks: new Map<string, number>() });
  if (changes.nodes !== layout.nodes) setChanges({ nodes: layout.nodes, marks: cellChanges(changes.nodes, layout.nodes, changes.marks, now) });
  const pendingFocus = useRef<number | undefined>(undefined);
  const focusIndex = Math.min(focus, Math.max(0, layout.nodes.length - 1));

  const virtualizer = useWindowVirtualizer({
    count: layout.rows.length,
    estimateSize: (i) => (layout.rows[i]?.kind === 'header' ? HEADER_ROW : CELL_ROW),
    overscan: 4,
    scrollMargin: top,
  });

  // Back from a node's page: the focus returns to that node (scrolled in first, the grid drawing only what is in view).
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || layout.nodes.length === 0) return;
    restored.current = true;
    const name = takeOpenedNode();
    const i = name === undefined ? -1 : layout.nodes.findIndex((n) => n.name === name);
    if (i < 0) return;
    // The cell's focus event moves the roving focus to it (onFocused).
    pendingFocus.current = i;
    virtualizer.scrollToIndex(layout.rowOf[i] ?? 0, { align: 'center' });
  }, [layout, virtualizer]);

  useEffect(() => {
    const i = pendingFocus.current;
    if (i === undefined) return;
    const el = containerRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`);
    if (el) {
      pendingFocus.current = undefined;
      el.focus();
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>): void => {
    const next = moveFocus(layout, Number(e.currentTarget.dataset.index), e.key);
    if (next === undefined) return;
    e.preventDefault();
    setFocus(next);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(layout.rowOf[next] ?? 0, { align: 'auto' });
  };

  return (
    <div ref={containerRef} className="node-grid" role="grid" aria-label="Nodes" aria-rowcount={layout.rows.length} data-testid="node-grid">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = layout.rows[item.index]!;
          const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` };
          if (row.kind === 'header') {
            return (
              <div key={row.key} role="row" aria-rowindex={item.index + 1} className="node-grid-group" style={style} data-testid="group-header">
                <span role="columnheader">{row.label} <span className="muted">({row.count})</span></span>
              </div>
            );
          }
          return (
            // The row holding the hover card is lifted above the rows after it, which would otherwise paint over the card.
            <div key={row.key} role="row" aria-rowindex={item.index + 1} className="node-grid-row" style={{ ...style, zIndex: active !== undefined && active >= row.start && active < row.end ? 2 : undefined, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
              {layout.nodes.slice(row.start, row.end).map((node, k) => {
                const index = row.start + k;
                return (
                  <NodeCell key={node.name} node={node} label={shortName(node.name, suffix)} index={index} focusable={index === focusIndex} showCard={active === index} changedAt={changes.marks.get(node.name)} now={now} onActivate={setActive} onFocused={setFocus} onKeyDown={onKeyDown} />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
