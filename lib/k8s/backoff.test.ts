import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 1_000, maxMs: 30_000 };
  it('doubles from 1 s and caps at 30 s, jittered within the upper half', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([1, 2, 6].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1_000, 15_000]);
  });
});
