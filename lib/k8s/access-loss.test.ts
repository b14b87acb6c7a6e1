import { describe, expect, it } from 'vitest';
import { accessVerdict, recordDenial, type AccessReview, type DenialEpisode } from './access-loss';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const POLICY = { graceMs: 30_000, minAttempts: 3 };

/** 403s at these offsets (ms after T0), each with the review's answer. */
function episode(at: number[], review: AccessReview = 'unknown'): DenialEpisode {
  return at.reduce<DenialEpisode | undefined>((ep, t) => recordDenial(ep, T0 + t, review), undefined)!;
}

describe('access loss on 403', () => {
  it('keeps the data through a warm-up: a few 403s within seconds, the review itself refused', () => {
    const ep = episode([0, 1_000, 3_000]);
    expect(ep).toEqual({ since: T0, attempts: 3, review: 'unknown' });
    expect(accessVerdict(ep, T0 + 3_000, POLICY)).toMatchObject({ lost: false, why: expect.stringMatching(/^403 for 3 s over 3 attempts; keeping the last data/) });
  });

  it('treats access as lost once the 403 has lasted the grace period over enough attempts', () => {
    expect(accessVerdict(episode([0, 1_000, 3_000, 7_000, 15_000, 31_000]), T0 + 31_000, POLICY)).toEqual({ lost: true, why: '403 for 31 s over 6 attempts' });
  });

  it('needs both: a long time over too few attempts, or many attempts too soon, keep the data', () => {
    expect(accessVerdict(episode([0, 40_000]), T0 + 40_000, POLICY).lost).toBe(false);
    expect(accessVerdict(episode([0, 100, 200, 300, 400, 500]), T0 + 500, POLICY).lost).toBe(false);
  });

  it('a SelfSubjectAccessReview saying "not allowed" confirms the loss at once', () => {
    expect(accessVerdict(episode([0], 'denied'), T0, POLICY)).toEqual({ lost: true, why: '403 confirmed by a SelfSubjectAccessReview (list/watch not allowed), after 1 attempt' });
  });

  it('a review saying "allowed" does not excuse a 403 that persists', () => {
    expect(accessVerdict(episode([0, 1_000], 'allowed'), T0 + 1_000, POLICY).lost).toBe(false);
    expect(accessVerdict(episode([0, 10_000, 20_000, 30_000], 'allowed'), T0 + 30_000, POLICY).lost).toBe(true);
  });

  it('judges by the latest review: an earlier "denied" followed by "unknown" is not a confirmation', () => {
    const ep = recordDenial(recordDenial(undefined, T0, 'denied'), T0 + 1_000, 'unknown');
    expect(accessVerdict(ep, T0 + 1_000, POLICY).lost).toBe(false);
  });
});
