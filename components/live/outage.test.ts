import { describe, expect, it } from 'vitest';
import type { SyncView } from '@/lib/api/sync';
import type { KindSyncView } from '@/lib/api/views';
import { outageOf } from './outage';

const kind = (k: KindSyncView['kind'], over: Partial<KindSyncView> = {}): KindSyncView => ({ kind: k, synced: true, lastSyncedAt: '2026-03-01T05:34:26.000Z', count: 1, ...over });
const down: SyncView = {
  stale: true,
  staleSince: '2026-03-01T05:34:26.000Z',
  cause: 'cannot reach the API server',
  reason: 'cannot reach the API server (ECONNRESET: socket hang up) — every kind',
  retryAt: '2026-03-01T05:35:00.000Z',
  hidden: [],
  kinds: [kind('nodes', { error: 'ECONNRESET: socket hang up' }), kind('pods', { error: 'ECONNRESET: socket hang up' })],
};

describe('outageOf', () => {
  it('says the API server outage in a headline, the details folded', () => {
    const o = outageOf(down)!;
    expect(o).toMatchObject({ cause: 'Cannot reach the API server', since: down.staleSince, retryAt: down.retryAt, source: 'cluster' });
    expect(o.details[0]!.text).toBe('Why: cannot reach the API server (ECONNRESET: socket hang up) — every kind.');
    expect(o.details.slice(1, 3)).toEqual([
      { text: 'nodes: ECONNRESET: socket hang up', lastInSync: '2026-03-01T05:34:26.000Z' },
      { text: 'pods: ECONNRESET: socket hang up', lastInSync: '2026-03-01T05:34:26.000Z' },
    ]);
  });

  it('says nothing when current, or while the first lists are on their way', () => {
    expect(outageOf({ stale: false, hidden: [], kinds: [kind('nodes')] })).toBeUndefined();
    expect(outageOf({ stale: true, hidden: [], kinds: [kind('nodes', { synced: false, lastSyncedAt: undefined })] })).toBeUndefined();
    expect(outageOf(undefined)).toBeUndefined();
  });

  it('the dashboard unreachable comes first, since its last answer, with what that answer said', () => {
    const at = Date.parse('2026-03-01T05:40:00.000Z');
    const o = outageOf(down, { lastAnswerAt: at, error: 'Failed to fetch' })!;
    expect(o).toMatchObject({ cause: 'Cannot reach the dashboard', since: '2026-03-01T05:40:00.000Z', source: 'dashboard' });
    expect(o.details.map((d) => d.text)).toEqual([
      'The browser gets no answer from the dashboard: Failed to fetch.',
      'Its last answer said the cluster was already behind: cannot reach the API server (ECONNRESET: socket hang up) — every kind.',
      'What you see is the last known state; the page keeps retrying.',
    ]);
    expect(outageOf({ stale: false, hidden: [], kinds: [] }, { lastAnswerAt: at, error: 'x' })?.source).toBe('dashboard');
  });
});
