import type { ReactNode } from 'react';
import type { LiveState } from './useLiveUpdates';
import { formatInstant } from '@/components/ui/time';
import { useTimeZone } from '@/components/ui/useTimeZone';

interface Props {
  live: LiveState;
  /** The server's own view: a watch is failing, the cache may be behind the cluster. */
  stale: boolean;
  staleSince?: string;
  /** The grid's refetches fail (after their retries) though the stream may be up: since its last answer. */
  refreshFailingSince?: number;
}

export function LiveIndicator({ live, stale, staleSince, refreshFailingSince }: Props): ReactNode {
  const { timeZone } = useTimeZone();
  const clock = (ms: number): string => formatInstant(ms, timeZone, ms);
  let label: string;
  let tone: 'ok' | 'warn' | 'wait';
  if (live.state === 'down') {
    label = `stale since ${clock(live.since)} (dashboard unreachable)`;
    tone = 'warn';
  } else if (refreshFailingSince !== undefined) {
    label = `stale since ${clock(refreshFailingSince)} (refresh failing)`;
    tone = 'warn';
  } else if (stale) {
    label = staleSince ? `stale since ${clock(Date.parse(staleSince))}` : 'syncing with the cluster';
    tone = 'warn';
  } else if (live.state === 'live') {
    label = 'live';
    tone = 'ok';
  } else {
    label = 'connecting';
    tone = 'wait';
  }
  return (
    <div className={`live live-${tone}`} role="status" aria-live="polite" data-testid="live-indicator" data-state={tone}>
      <span className="live-dot" aria-hidden="true" />
      {label}
    </div>
  );
}
