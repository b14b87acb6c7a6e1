import type { ReactNode } from 'react';
import { formatClock, formatDuration } from '@/components/ui/time';

const DAY = 24 * 3600_000;

/**
 * A timestamp (with its date when more than a day away) as clock time with "ago" relative to the view's own time (not
 * the browser clock, so server and client render the same). The clock is
 * local time, which differs between server and browser: hence the warning
 * suppression on that text only.
 */
export function Time({ iso, now, ago = true }: { iso: string; now: number; ago?: boolean }): ReactNode {
  const t = Date.parse(iso);
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {Math.abs(now - t) > DAY ? new Date(t).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short', hour12: false }) : formatClock(t)}
      {ago && ` (${formatDuration(now - t)} ago)`}
    </time>
  );
}
