/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random,
 * so a fleet of dashboards restarting together does not reconnect in step.
 * Pure: the random source is an argument.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /**
   * The longest a server's Retry-After is obeyed. The API server asks for
   * seconds; a proxy saying "come back in an hour" must not blind the
   * dashboard for an hour (it says it is stale meanwhile, and tries again).
   */
  maxRetryAfterMs?: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, maxRetryAfterMs: 120_000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/**
 * The wait before the next attempt: our backoff, or longer when the server
 * said how long (429 Retry-After): never sooner than it asked, within the cap.
 */
export function retryDelay(attempt: number, policy: BackoffPolicy, retryAfterSeconds?: number, random: () => number = Math.random): number {
  const ours = backoffDelay(attempt, policy, random);
  if (retryAfterSeconds === undefined) return ours;
  const asked = Math.min(retryAfterSeconds * 1000, policy.maxRetryAfterMs ?? DEFAULT_BACKOFF.maxRetryAfterMs!);
  return Math.max(ours, asked);
}
