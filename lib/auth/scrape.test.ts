import { describe, expect, it } from 'vitest';
import { ALLOW_TTL_MS, bearerToken, createScrapeAuthorizer, DENY_TTL_MS, METRICS_SAR_PATH, type DelegatedReviews, type ReviewedUser } from './scrape';

const PROMETHEUS: ReviewedUser = { username: 'system:serviceaccount:monitoring:prometheus-k8s', groups: ['system:authenticated'] };
const WORKLOAD: ReviewedUser = { username: 'system:serviceaccount:payments:default', groups: ['system:authenticated'] };

/** Reviews answered from tables, counting calls; `fail` makes the next calls throw. */
function fakeReviews(tokens: Record<string, ReviewedUser>, allowed: Set<string>) {
  const calls = { tokenReviews: 0, accessReviews: [] as Array<{ user: string; verb: string; path: string }>, fail: false };
  const reviews: DelegatedReviews = {
    async tokenReview(token) {
      calls.tokenReviews += 1;
      if (calls.fail) throw new Error('connect ECONNREFUSED');
      return tokens[token];
    },
    async nonResourceAccess(user, verb, path) {
      calls.accessReviews.push({ user: user.username, verb, path });
      return { allowed: allowed.has(user.username) && verb === 'get' && path === '/metrics' };
    },
  };
  return { reviews, calls };
}

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
};

describe('scrape authorization', () => {
  it('reads only a well-formed bearer header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });

  it('asks about /metrics (not /api/metrics, which system:discovery grants to everyone) with the reviewed user', async () => {
    const { reviews, calls } = fakeReviews({ p: PROMETHEUS, w: WORKLOAD }, new Set([PROMETHEUS.username]));
    const authorize = createScrapeAuthorizer(reviews);
    expect(await authorize('p')).toEqual({ ok: true, user: PROMETHEUS.username });
    expect(await authorize('w')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await authorize('nobody-knows-me')).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(calls.accessReviews).toEqual([{ user: PROMETHEUS.username, verb: 'get', path: METRICS_SAR_PATH }, { user: WORKLOAD.username, verb: 'get', path: METRICS_SAR_PATH }]);
  });

  it('keeps an answer briefly: allowed for a minute, refused for 30 seconds', async () => {
    const c = clock();
    const { reviews, calls } = fakeReviews({ p: PROMETHEUS, w: WORKLOAD }, new Set([PROMETHEUS.username]));
    const authorize = createScrapeAuthorizer(reviews, { perf: c });
    await authorize('p');
    await authorize('w');
    await authorize('p');
    await authorize('w');
    expect(calls.tokenReviews).toBe(2);
    c.advance(DENY_TTL_MS + 1);
    await authorize('p');
    await authorize('w');
    expect(calls.tokenReviews).toBe(3);
    c.advance(ALLOW_TTL_MS - DENY_TTL_MS);
    await authorize('p');
    expect(calls.tokenReviews).toBe(4);
  });

  it('never lets a scrape through when the review itself failed, and does not remember the failure', async () => {
    const { reviews, calls } = fakeReviews({ p: PROMETHEUS }, new Set([PROMETHEUS.username]));
    const authorize = createScrapeAuthorizer(reviews);
    calls.fail = true;
    expect(await authorize('p')).toMatchObject({ ok: false, code: 'unavailable' });
    calls.fail = false;
    expect(await authorize('p')).toEqual({ ok: true, user: PROMETHEUS.username });
  });

  it('reviews concurrent scrapes with one token once', async () => {
    const { reviews, calls } = fakeReviews({ p: PROMETHEUS }, new Set([PROMETHEUS.username]));
    const authorize = createScrapeAuthorizer(reviews);
    const answers = await Promise.all([authorize('p'), authorize('p'), authorize('p')]);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(calls.tokenReviews).toBe(1);
  });
});
