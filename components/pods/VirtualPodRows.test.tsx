import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PodsSearch, StuckPodView } from '@/lib/api/pods';
import { groupPods } from './grouping';
import { PodRows, VIRTUAL_FROM } from './VirtualPodRows';

const T = '2026-12-06T10:00:00Z';
const pod = (i: number): StuckPodView => ({
  namespace: 'shop', name: `web-${i}`, node: 'node-a', createdAt: T, since: T, failures: i, signature: { id: 'multus-ifname-exists' },
  timeline: { start: 0, end: 1, endKind: 'now', episodes: [], totalFailures: i, configChanges: [], points: [] },
});
const search: PodsSearch = { group: 'none', sort: 'node', order: 'asc' };

function rows(count: number): number {
  const [group] = groupPods(Array.from({ length: count }, (_, i) => pod(i)), 'none');
  const html = renderToString(<table><PodRows group={group!} search={search} now={Date.parse(T)} /></table>);
  return html.match(/data-testid="stuck-pod"/g)?.length ?? 0;
}

describe('PodRows', () => {
  it('draws every row of a short list', () => {
    expect(rows(VIRTUAL_FROM - 1)).toBe(VIRTUAL_FROM - 1);
  });

  it('draws a window of a long list, not all of it', () => {
    const drawn = rows(500);
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(50);
  });
});
