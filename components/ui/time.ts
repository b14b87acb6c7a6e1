/**
 * The one way the dashboard writes a time (docs/dashboard.md, "Times"):
 * absolute times name their zone, carry the date (with the year) unless they
 * fall on the same day as `now`, and sit beside a relative time. Pure: the
 * zone and `now` are arguments, so the server (which renders UTC) and the
 * browser produce the same text for the same inputs.
 */

/** What the viewer asked for; `local` is the browser's own zone. */
export type ZoneChoice = 'local' | 'utc';

export const UTC = 'UTC';

// One fixed locale, so the text is the same in every browser and on the
// server; numbers and the zone's short name come from it ("PST", "GMT+5:30").
const LOCALE = 'en-US';
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      timeZoneName: 'short',
    });
    // The zones come from this module's callers (UTC or the browser's own): a handful at most.
    if (formatters.size < 16) formatters.set(timeZone, f);
  }
  return f;
}

interface Parts { date: string; clock: string; minutes: string; zone: string }

function parts(ms: number, timeZone: string): Parts {
  let p: Intl.DateTimeFormatPart[];
  try {
    p = formatter(timeZone).formatToParts(ms);
  } catch {
    // An unknown zone name (RangeError): UTC, which says so, rather than nothing.
    p = formatter(UTC).formatToParts(ms);
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => p.find((x) => x.type === type)?.value ?? '';
  const hm = `${get('hour')}:${get('minute')}`;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, clock: `${hm}:${get('second')}`, minutes: hm, zone: get('timeZoneName') };
}

function valid(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/** The zone the viewer's choice stands for: UTC, or the browser's IANA zone. */
export function resolveZone(choice: ZoneChoice, browserZone: string | undefined): string {
  return choice === 'local' && browserZone ? browserZone : UTC;
}

/** The zone's short name at that instant ("UTC", "PST" or "PDT", "GMT+5:30"). */
export function zoneLabel(timeZone: string, at: number): string {
  return parts(valid(at) ? at : 0, timeZone).zone;
}

/**
 * "05:34:26 UTC" on the same day as `now` in that zone, "2026-12-05 21:34:26 PST"
 * on any other day. Not a time: "time unknown".
 */
export function formatInstant(ms: number, timeZone: string, now: number): string {
  if (!valid(ms)) return 'time unknown';
  const p = parts(ms, timeZone);
  const sameDay = valid(now) && parts(now, timeZone).date === p.date;
  return sameDay ? `${p.clock} ${p.zone}` : `${p.date} ${p.clock} ${p.zone}`;
}

/** Always with the date: for titles and copied text, which outlive the day they were read. */
export function formatFull(ms: number, timeZone: string): string {
  if (!valid(ms)) return 'time unknown';
  const p = parts(ms, timeZone);
  return `${p.date} ${p.clock} ${p.zone}`;
}

/** An axis tick: "14:05", or "12-05 14:05" on another day than `now`; the axis names the zone once. */
export function formatTick(ms: number, timeZone: string, now: number): string {
  if (!valid(ms)) return '';
  const p = parts(ms, timeZone);
  return valid(now) && parts(now, timeZone).date === p.date ? p.minutes : `${p.date.slice(5)} ${p.minutes}`;
}

/** "3 min", "2 h 5 min", "4 d": how long ago or how long for. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** "12 min ago", or "in 3 min" for a time after `now` (a retry, a clock a little ahead). */
export function formatRelative(ms: number, now: number): string {
  if (!valid(ms) || !valid(now)) return '';
  return now >= ms ? `${formatDuration(now - ms)} ago` : `in ${formatDuration(ms - now)}`;
}
