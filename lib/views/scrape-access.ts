import 'server-only';
import { bearerToken, createScrapeAuthorizer, type ScrapeDecision } from '@/lib/auth/scrape';
import { getClusterCache, type ClusterCache } from '@/lib/k8s/cache';
import { delegatedReviews } from '@/lib/k8s/delegated-reviews';
import type { HeaderSource } from '@/lib/k8s/user';
import { errorResponse } from './respond';

// One authorizer (and so one cache of answers) per process, across hot reloads.
const KEY = Symbol.for('cni-health.scrape-authorizer');
type Global = typeof globalThis & { [KEY]?: { cache: ClusterCache; authorize: (token: string) => Promise<ScrapeDecision> } };

/**
 * A scraper's request (`Authorization: Bearer`): its token reviewed and its
 * right to /metrics checked with the dashboard's own credentials, in every
 * sign-in mode (lib/auth/scrape.ts). Undefined when the request carries no
 * bearer token: it is a person's, and the usual access rules apply.
 */
export async function scrapeAccess(headers: HeaderSource): Promise<{ ok: true; cache: ClusterCache } | { ok: false; response: Response } | undefined> {
  const token = bearerToken(headers.get('authorization'));
  if (token === undefined) return undefined;
  const handle = getClusterCache();
  if (!handle.ok) return { ok: false, response: errorResponse('unconfigured', handle.reason) };
  const g = globalThis as Global;
  if (g[KEY]?.cache !== handle.cache) g[KEY] = { cache: handle.cache, authorize: createScrapeAuthorizer(delegatedReviews(handle.cache.kubeConfig)) };
  const decision = await g[KEY].authorize(token);
  return decision.ok ? { ok: true, cache: handle.cache } : { ok: false, response: errorResponse(decision.code, decision.error) };
}
