import 'server-only';
import type { DehydratedState } from '@tanstack/react-query';
import type { PodsListing } from '@/lib/api/pods';
import type { PageDenialView } from '@/lib/api/views';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { HeaderSource } from '@/lib/k8s/user';
import { decideAccess, signInEnabled } from './access';
import { prefetchDiff } from './diff';
import { prefetchNodeDetail } from './node-detail';
import { prefetchPods } from './pods';
import { prefetchGrid } from './prefetch';

/**
 * The only way a page reaches the cluster cache. In the App Router a layout
 * and its page render in parallel and each segment's output goes into the
 * HTML and the RSC payload whether or not the layout shows it, so a check in
 * the layout protects nothing: every page (and its generateMetadata) asks
 * here, with its own request's headers, and gets the data or a denial. The
 * decision is the API routes' own (decideAccess), taken before anything is read.
 * Next's own advice is the same: authorise next to the data, not in layouts
 * (https://nextjs.org/docs/app/guides/authentication, "Layouts and auth
 * checks"; render order: https://github.com/vercel/next.js/discussions/53026).
 */

const MAX_SHOWN = 512;

export type PageResult<T> =
  | { ok: true; data: T | undefined }
  | { ok: false; signIn: true }
  | { ok: false; signIn: false; denial: PageDenialView };

/** Names come from tokens and proxies: the page shows a bounded part. */
const bound = (text: string): string => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/**
 * No cluster configured: nothing to leak and nothing to read; the page
 * renders its own explained state (`data` undefined). No user: sign in, in
 * token mode; elsewhere (a proxy naming a user the dashboard cannot read)
 * there is no sign-in page to send anyone to, so the reason is shown.
 */
export async function pageData<T>(headers: HeaderSource, read: (cache: ClusterCache, now: number) => T): Promise<PageResult<T>> {
  const decided = await decideAccess(headers);
  if (decided.ok) return { ok: true, data: read(decided.cache, Date.now()) };
  if (decided.code === 'unconfigured') return { ok: true, data: undefined };
  if (decided.code === 'unauthenticated' && signInEnabled()) return { ok: false, signIn: true };
  const who = decided.user?.identity;
  return { ok: false, signIn: false, denial: { reason: bound(decided.error), ...(who ? { user: bound(who.user), mode: who.mode } : {}) } };
}

export const gridPageData = (headers: HeaderSource): Promise<PageResult<DehydratedState>> =>
  pageData(headers, (cache) => prefetchGrid(cache));

export const nodePageData = (headers: HeaderSource, name: string): Promise<PageResult<{ state: DehydratedState; notFound: boolean }>> =>
  pageData(headers, (cache, now) => prefetchNodeDetail(cache, name, now));

export const podsPageData = (headers: HeaderSource, filter: PodsListing | undefined): Promise<PageResult<DehydratedState>> =>
  pageData(headers, (cache, now) => prefetchPods(cache, filter, now));

export const diffPageData = (headers: HeaderSource, params: URLSearchParams): Promise<PageResult<DehydratedState>> =>
  pageData(headers, (cache, now) => prefetchDiff(cache, params, now));

/** Pages whose data the browser fetches (audit), and the layout's banners: the decision alone. */
export const mayReadCluster = (headers: HeaderSource): Promise<PageResult<true>> => pageData(headers, () => true);
