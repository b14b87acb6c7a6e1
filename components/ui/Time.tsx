'use client';

import type { ReactNode } from 'react';
import { formatFull, formatInstant, formatRelative, UTC } from './time';
import { useTimeZone } from './useTimeZone';

interface Props {
  /** RFC 3339, as the API gives it. */
  iso: string | undefined;
  /** The view's own time (its generatedAt), not the browser clock, so server and browser agree. */
  now: number | string;
  /**
   * `both` (default): "05:34:26 UTC (12 min ago)"; `absolute` where the sentence
   * already says how long; `relative` where space is short (a table cell), the
   * absolute time then in the title.
   */
  show?: 'both' | 'absolute' | 'relative';
  className?: string;
}

/**
 * A time in the viewer's chosen zone, named, with the relative time beside
 * it; the title has the full form, in UTC as well, for pasting into an
 * incident channel.
 */
export function Time({ iso, now, show = 'both', className }: Props): ReactNode {
  const { timeZone } = useTimeZone();
  const t = iso ? Date.parse(iso) : Number.NaN;
  const nowMs = typeof now === 'number' ? now : Date.parse(now);
  if (Number.isNaN(t)) return <span className={className}>time unknown</span>;
  const title = timeZone === UTC ? formatFull(t, UTC) : `${formatFull(t, timeZone)} (${formatFull(t, UTC)})`;
  const absolute = formatInstant(t, timeZone, nowMs);
  const relative = formatRelative(t, nowMs);
  return (
    <time dateTime={iso} title={title} className={className}>
      {show === 'relative' ? relative : show === 'absolute' || !relative ? absolute : `${absolute} (${relative})`}
    </time>
  );
}
