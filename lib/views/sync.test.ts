import { describe, expect, it } from 'vitest';
import type { KindSyncView } from '@/lib/api/views';
import { syncView } from './sync';

const ok = (kind: KindSyncView['kind']): KindSyncView => ({ kind, synced: true, lastSyncedAt: '2026-03-01T10:00:05.000Z', count: 3 });
const KINDS = ['nodes', 'pods', 'events', 'daemonsets', 'snapshots'] as const;

describe('syncView', () => {
  it('is quiet when every kind is current', () => {
    expect(syncView(KINDS.map(ok))).toEqual({ stale: false, hidden: [], kinds: KINDS.map(ok) });
  });

  it('the API server down: stale since the oldest failing kind, one reason for every kind', () => {
    const down = KINDS.map((k, i) => ({ ...ok(k), lastSyncedAt: `2026-03-01T10:00:0${i}.000Z`, error: 'ECONNRESET: socket hang up', retryAt: `2026-03-01T10:00:1${i}.000Z` }));
    expect(syncView(down)).toMatchObject({
      stale: true,
      staleSince: '2026-03-01T10:00:00.000Z',
      cause: 'cannot reach the API server',
      reason: 'cannot reach the API server (ECONNRESET: socket hang up) — every kind',
      retryAt: '2026-03-01T10:00:10.000Z',
      hidden: [],
    });
  });

  it('401 and 429 are worded for what they mean, naming the kinds', () => {
    const v = syncView([{ ...ok('pods'), error: 'Unauthorized', errorCode: 401 }, { ...ok('events'), error: 'Too many requests, please try again later.', errorCode: 429 }, ok('nodes')]);
    expect(v.reason).toBe("the API server rejects the dashboard's credentials (401 Unauthorized) — pods; the API server is throttling the dashboard (429): Too many requests, please try again later. — events");
    expect(v.cause).toBe("the API server rejects the dashboard's credentials, and more");
  });

  it('403 on a kind: hidden and labelled, not stale', () => {
    const events = { ...ok('events'), count: 0, error: 'events is forbidden: User "dash" cannot list resource "events" in API group "" at the cluster scope', errorCode: 403, forbidden: true };
    const v = syncView([ok('nodes'), ok('pods'), events]);
    expect(v.stale).toBe(false);
    expect(v.hidden).toEqual([{
      kind: 'events',
      message: "Events hidden: the dashboard's account may not list events (403).",
      consequence: 'Sandbox failures reported only in events are not detected; the rest is complete.',
      detail: events.error,
    }]);
  });

  it('a 403 not (yet) taken as lost access: stale with the reason, the kinds named together, nothing hidden', () => {
    const refused = (k: KindSyncView['kind']): KindSyncView => ({ ...ok(k), error: `${k} is forbidden: User "system:serviceaccount:cni-health:cni-health-dashboard" cannot list resource "${k}" in API group "" at the cluster scope`, errorCode: 403 });
    const v = syncView([refused('nodes'), refused('pods'), ok('events')]);
    expect(v).toMatchObject({ stale: true, staleSince: '2026-03-01T10:00:05.000Z', hidden: [] });
    expect(v.reason).toBe("the API server refuses the dashboard's account (403 Forbidden), as a restarting API server does until its RBAC has loaded; the last data is kept until the refusal persists or a permission check confirms it — nodes, pods");
  });
});
