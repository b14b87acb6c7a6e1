/**
 * A 403 on a kind the dashboard watches: revoked, or not yet allowed again?
 * A starting API server answers every identity outside system:masters with
 * 403 until its RBAC informers have synced (the RBAC authorizer reads roles
 * and bindings from them, plugin/pkg/auth/authorizer/rbac/rbac.go;
 * kubernetes/kubernetes#121635), worded exactly as a real denial. So one 403
 * proves nothing: the last good data is kept (marked stale) and access is
 * treated as lost only when the 403 persists, or when a
 * SelfSubjectAccessReview asked with the same credentials says "not allowed"
 * (RBAC answering, so it is not warming up).
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 * Pure: time is an argument.
 */

export interface AccessLossPolicy {
  /** How long 403s must go on before access counts as lost... */
  graceMs: number;
  /** ...over at least this many attempts (the informer backs off between them). */
  minAttempts: number;
}

export const DEFAULT_ACCESS_LOSS: AccessLossPolicy = { graceMs: 30_000, minAttempts: 3 };

/**
 * What a SelfSubjectAccessReview for list and watch of the kind answered:
 * `denied` only when RBAC itself said no; `unknown` when the review could
 * not be had (it is refused with 403 too while RBAC warms up, or it failed).
 */
export type AccessReview = 'allowed' | 'denied' | 'unknown';

/** Consecutive 403s on one kind, since the last success. */
export interface DenialEpisode {
  since: number;
  attempts: number;
  review: AccessReview;
}

export function recordDenial(episode: DenialEpisode | undefined, now: number, review: AccessReview): DenialEpisode {
  return episode ? { since: episode.since, attempts: episode.attempts + 1, review } : { since: now, attempts: 1, review };
}

export interface AccessVerdict {
  lost: boolean;
  /** Why, in words for the log. */
  why: string;
}

export function accessVerdict(episode: DenialEpisode, now: number, policy: AccessLossPolicy = DEFAULT_ACCESS_LOSS): AccessVerdict {
  const seconds = Math.round((now - episode.since) / 1000);
  const tries = `${episode.attempts} attempt${episode.attempts === 1 ? '' : 's'}`;
  if (episode.review === 'denied') return { lost: true, why: `403 confirmed by a SelfSubjectAccessReview (list/watch not allowed), after ${tries}` };
  if (now - episode.since >= policy.graceMs && episode.attempts >= policy.minAttempts) {
    return { lost: true, why: `403 for ${seconds} s over ${tries}` };
  }
  return { lost: false, why: `403 for ${seconds} s over ${tries}; keeping the last data until it persists ${Math.round(policy.graceMs / 1000)} s or a SelfSubjectAccessReview confirms it` };
}
