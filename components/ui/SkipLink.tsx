'use client';

import { usePathname } from 'next/navigation';
import type { MouseEvent, ReactNode } from 'react';

/**
 * The first thing Tab reaches on every page: past the header, to the grid on
 * the fleet page (its focusable cell, the grid being a roving-focus widget)
 * and to the page's content elsewhere. Visible only while focused.
 */
export function SkipLink(): ReactNode {
  const grid = usePathname() === '/';
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    const target = grid
      ? document.querySelector<HTMLElement>('[data-testid="node-cell"][tabindex="0"]') ?? document.getElementById('main')
      : document.getElementById('main');
    if (!target) return;
    e.preventDefault();
    target.focus();
  };
  return (
    <a href="#main" className="skip-link" data-testid="skip-link" onClick={onClick}>
      {grid ? 'Skip to the node grid' : 'Skip to the content'}
    </a>
  );
}
