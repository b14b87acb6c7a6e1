import type { SyncView } from '@/lib/api/sync';

/** What the one outage banner says: a headline, then the details folded. */
export interface Outage {
  /** "Cannot reach the API server": the headline, before "since …". */
  cause: string;
  /** Since when (RFC 3339): the last moment what is shown was known to be current. */
  since?: string;
  retryAt?: string;
  /** One line each, for the folded details; `lastInSync` is written as a time by the view. */
  details: Array<{ text: string; lastInSync?: string }>;
  /** The cluster's API server is the trouble (the cache is behind), or the dashboard itself cannot be reached. */
  source: 'cluster' | 'dashboard';
}

const sentence = (s: string): string => (s ? `${s.charAt(0).toUpperCase()}${s.slice(1)}` : s);

/**
 * The banner's model from the last sync answer and, when the browser cannot
 * reach the dashboard, when it last could. The dashboard unreachable comes
 * first: the last answer about the cluster is then old news. Pure.
 */
export function outageOf(sync: SyncView | undefined, dashboard?: { lastAnswerAt: number; error: string }): Outage | undefined {
  if (dashboard) {
    const details: Outage['details'] = [{ text: `The browser gets no answer from the dashboard: ${dashboard.error}.` }];
    if (sync?.stale && sync.reason) details.push({ text: `Its last answer said the cluster was already behind: ${sync.reason}.` });
    details.push({ text: 'What you see is the last known state; the page keeps retrying.' });
    return {
      cause: 'Cannot reach the dashboard',
      ...(dashboard.lastAnswerAt > 0 ? { since: new Date(dashboard.lastAnswerAt).toISOString() } : {}),
      details,
      source: 'dashboard',
    };
  }
  if (!sync?.stale) return undefined;
  // Starting up: nothing failed yet, the first lists are on their way.
  if (!sync.staleSince && sync.kinds.every((k) => !k.error)) return undefined;
  const failing = sync.kinds.filter((k) => !k.forbidden && (!k.synced || k.error));
  return {
    cause: sentence(sync.cause ?? 'not synced with the cluster'),
    ...(sync.staleSince ? { since: sync.staleSince } : {}),
    ...(sync.retryAt ? { retryAt: sync.retryAt } : {}),
    details: [
      ...(sync.reason ? [{ text: `Why: ${sync.reason}.` }] : []),
      ...failing.map((k) => ({ text: `${k.kind}: ${k.error ?? 'not listed yet'}`, ...(k.lastSyncedAt ? { lastInSync: k.lastSyncedAt } : {}) })),
      { text: 'What you see is the last known state of the cluster.' },
    ],
    source: 'cluster',
  };
}
