/**
 * Who may scrape /api/metrics with a bearer token, the way Kubernetes
 * components decide it (controller-runtime pkg/metrics/filters/filters.go
 * `WithAuthenticationAndAuthorization`, kube-rbac-proxy): a TokenReview
 * says whose token it is, then a SubjectAccessReview asks whether that user
 * may `get` the non-resource URL `/metrics`. Not `/api/metrics`: the
 * bootstrap ClusterRole system:discovery grants `get` on `/api/*` to every
 * authenticated user (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/
 * policy.go), so a review of that path would let anyone in.
 *
 * Answers are cached briefly by a hash of the token: an allowed scrape for
 * a minute (controller-runtime caches a TokenReview for 1 minute and an
 * allowed SubjectAccessReview for 5), a refusal for 30 seconds (its deny
 * TTL). A review that failed (API server unreachable, the dashboard not
 * bound to system:auth-delegator) is not cached and is a 503, never a pass.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export const METRICS_SAR_PATH = '/metrics';
export const ALLOW_TTL_MS = 60_000;
export const DENY_TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;
/** A token is an opaque bearer credential; anything longer than this is not one a kube-apiserver issues. */
const MAX_TOKEN_BYTES = 16 * 1024;

export interface ReviewedUser { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> }

/** The two calls, made with the dashboard's own credentials (lib/k8s/delegated-reviews.ts). */
export interface DelegatedReviews {
  /** Undefined: the token does not authenticate. Throws when the review itself failed. */
  tokenReview(token: string): Promise<ReviewedUser | undefined>;
  /** Throws when the review itself failed. */
  nonResourceAccess(user: ReviewedUser, verb: string, path: string): Promise<{ allowed: boolean; reason?: string }>;
}

export type ScrapeDecision =
  | { ok: true; user: string }
  | { ok: false; code: 'unauthenticated' | 'forbidden' | 'unavailable'; error: string };

/** The bearer token of an `Authorization: Bearer` header; undefined when there is none. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return m?.[1];
}

export function createScrapeAuthorizer(reviews: DelegatedReviews, opts: { perf?: { now(): number } } = {}): (token: string) => Promise<ScrapeDecision> {
  const cache = new LRUCache<string, ScrapeDecision>({ max: MAX_ENTRIES, ttl: ALLOW_TTL_MS, ttlResolution: 0, ...(opts.perf ? { perf: opts.perf } : {}) });
  const inFlight = new Map<string, Promise<ScrapeDecision>>();

  const decide = async (token: string): Promise<ScrapeDecision> => {
    let user: ReviewedUser | undefined;
    try {
      user = await reviews.tokenReview(token);
    } catch (e) {
      return { ok: false, code: 'unavailable', error: `the token could not be reviewed: ${(e as Error).message}` };
    }
    if (!user) return { ok: false, code: 'unauthenticated', error: 'the API server does not know this token' };
    try {
      const access = await reviews.nonResourceAccess(user, 'get', METRICS_SAR_PATH);
      return access.allowed
        ? { ok: true, user: user.username }
        : { ok: false, code: 'forbidden', error: `${user.username} may not get ${METRICS_SAR_PATH} (a ClusterRole with nonResourceURLs ["${METRICS_SAR_PATH}"], verbs ["get"] grants it)` };
    } catch (e) {
      return { ok: false, code: 'unavailable', error: `the scrape could not be authorised: ${(e as Error).message}` };
    }
  };

  return async (token) => {
    if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) return { ok: false, code: 'unauthenticated', error: 'the API server does not know this token' };
    const key = createHash('sha256').update(token).digest('base64url');
    const cached = cache.get(key);
    if (cached) return cached;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = decide(token).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    const decision = await pending;
    if (decision.ok) cache.set(key, decision);
    else if (decision.code !== 'unavailable') cache.set(key, decision, { ttl: DENY_TTL_MS });
    return decision;
  };
}
