import { describe, expect, it } from 'vitest';
import { formatDuration, formatFull, formatInstant, formatRelative, formatTick, resolveZone, zoneLabel } from './time';

// 2026-12-06 05:34:26 UTC: 21:34:26 the day before in Los Angeles (PST), 11:04:26 in Kolkata.
const T = Date.UTC(2026, 11, 6, 5, 34, 26);
const LA = 'America/Los_Angeles';
const IN = 'Asia/Kolkata';

describe('formatInstant', () => {
  it('names the zone and drops the date on the same day as now', () => {
    expect(formatInstant(T, 'UTC', T + 60_000)).toBe('05:34:26 UTC');
    expect(formatInstant(T, IN, T + 60_000)).toBe('11:04:26 GMT+5:30');
  });

  it('says the date, year included, when the time is on another day than now in that zone', () => {
    // Now is 01:00 PST on the 6th: the same UTC day as T, but not the same day in Los Angeles.
    const now = Date.UTC(2026, 11, 6, 9, 0, 0);
    expect(formatInstant(T, 'UTC', now)).toBe('05:34:26 UTC');
    expect(formatInstant(T, LA, now)).toBe('2026-12-05 21:34:26 PST');
    expect(formatInstant(T, 'UTC', Date.UTC(2027, 0, 2))).toBe('2026-12-06 05:34:26 UTC');
  });

  it('follows daylight saving time in the label', () => {
    const july = Date.UTC(2026, 6, 1, 12, 0, 0);
    expect(formatInstant(july, LA, july)).toBe('05:00:00 PDT');
    expect(zoneLabel(LA, T)).toBe('PST');
    expect(zoneLabel(LA, july)).toBe('PDT');
  });

  it('writes midnight as 00, not 24', () => {
    const midnight = Date.UTC(2026, 11, 6, 0, 0, 5);
    expect(formatInstant(midnight, 'UTC', midnight)).toBe('00:00:05 UTC');
  });

  it('says so rather than printing NaN, and falls back to UTC for a zone it does not know', () => {
    expect(formatInstant(Number.NaN, 'UTC', T)).toBe('time unknown');
    expect(formatInstant(Date.parse('not a time'), LA, T)).toBe('time unknown');
    expect(formatInstant(T, 'Mars/Olympus_Mons', T)).toBe('05:34:26 UTC');
  });
});

describe('formatFull', () => {
  it('always carries the date', () => {
    expect(formatFull(T, 'UTC')).toBe('2026-12-06 05:34:26 UTC');
    expect(formatFull(T, IN)).toBe('2026-12-06 11:04:26 GMT+5:30');
  });
});

describe('formatTick', () => {
  it('shows minutes, with month and day on another day', () => {
    expect(formatTick(T, 'UTC', T)).toBe('05:34');
    expect(formatTick(T, LA, Date.UTC(2026, 11, 6, 9, 0, 0))).toBe('12-05 21:34');
    expect(formatTick(Number.NaN, 'UTC', T)).toBe('');
  });
});

describe('formatRelative', () => {
  it('says ago for the past and in for the future', () => {
    expect(formatRelative(T - 12 * 60_000, T)).toBe('12 min ago');
    expect(formatRelative(T + 90_000, T)).toBe('in 1 min');
    expect(formatRelative(T - (2 * 3600 + 5 * 60) * 1000, T)).toBe('2 h 5 min ago');
    expect(formatRelative(Number.NaN, T)).toBe('');
  });

  it('counts days past 48 hours', () => {
    expect(formatDuration(4 * 24 * 3600_000)).toBe('4 d');
    expect(formatDuration(47 * 3600_000)).toBe('47 h');
  });
});

describe('resolveZone', () => {
  it('is UTC unless local is chosen and the browser said its zone', () => {
    expect(resolveZone('utc', LA)).toBe('UTC');
    expect(resolveZone('local', LA)).toBe(LA);
    expect(resolveZone('local', undefined)).toBe('UTC');
  });
});
