import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, retryDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 1_000, maxMs: 30_000 };
  it('doubles from 1 s and caps at 30 s, jittered within the upper half', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([1, 2, 6].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1_000, 15_000]);
  });

  it('the default policy is 1 s to 30 s, and real jitter spreads within [d/2, d]', () => {
    expect(DEFAULT_BACKOFF).toMatchObject({ initialMs: 1_000, maxMs: 30_000 });
    const delays = Array.from({ length: 200 }, () => backoffDelay(8, DEFAULT_BACKOFF));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});

describe('retryDelay', () => {
  const policy = { initialMs: 1_000, maxMs: 30_000, maxRetryAfterMs: 120_000 };
  it('waits at least as long as a 429 asked, never less than the backoff, within the cap', () => {
    expect(retryDelay(1, policy, 5, () => 1)).toBe(5_000);
    expect(retryDelay(6, policy, 5, () => 1)).toBe(30_000);
    expect(retryDelay(1, policy, 3_600, () => 1)).toBe(120_000);
    expect(retryDelay(2, policy, undefined, () => 1)).toBe(2_000);
  });
});
