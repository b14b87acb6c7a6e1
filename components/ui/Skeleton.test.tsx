import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Skeleton } from './Skeleton';

describe('Skeleton', () => {
  it('is one busy status named by its label, its blocks hidden from assistive technology', () => {
    const html = renderToString(<Skeleton shape="grid" label="Loading nodes…" />);
    expect(html).toMatch(/^<div[^>]*role="status"[^>]*aria-busy="true"/);
    expect(html).toContain('>Loading nodes…</span>');
    expect(html).toContain('aria-hidden="true"');
    expect(html.match(/role="status"/g)).toHaveLength(1);
  });

  it.each([['grid', 12], ['rows', 8]] as const)('draws the page it stands for (%s: %i blocks)', (shape, blocks) => {
    const html = renderToString(<Skeleton shape={shape} label="x" />);
    expect(html).toContain(`data-shape="${shape}"`);
    const inner = html.slice(html.indexOf('aria-hidden'));
    // title + line + one block per cell or row
    expect(inner.match(/<div class="[^"]*"><\/div>|<div class="[^"]*"\/>/g)?.length).toBe(blocks + 2);
  });
});
