/**
 * Contract of the stuck-pods view: what GET /api/pods returns, the URL state
 * of /pods, and the query options shared by the server prefetch and the
 * client hook.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, queryKeys } from './queries';
import { describeIssue, nodeNameSchema } from './params';

/** `none`: one flat list, in the chosen sort order. */
export type PodGroupBy = 'node' | 'signature' | 'none';
export const POD_GROUPS: readonly PodGroupBy[] = ['node', 'signature', 'none'];

/** Columns the list sorts by, on the server (the list is capped, so the browser could not sort all of it). */
export type PodSortKey = 'node' | 'pod' | 'since' | 'failures' | 'signature';
export const POD_SORT_KEYS: readonly PodSortKey[] = ['node', 'pod', 'since', 'failures', 'signature'];
export type SortOrder = 'asc' | 'desc';

export interface SignatureView {
  /** Id from lib/health/signatures.ts, or `unmatched`. */
  id: string;
  cause?: string;
  cni?: string;
}

export interface FailureEpisodeView {
  reason: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** Verbatim event text: untrusted, render as text only. */
  message: string;
}

export interface ConfigChangeView {
  revision: number;
  at: string;
  /** `observed`: the agent saw it then; `file-modified`: estimated from file mtimes. */
  source: 'observed' | 'file-modified';
  files: string[];
  onAxis: boolean;
}

export interface PodTimelineView {
  /** Axis, epoch milliseconds. */
  start: number;
  end: number;
  endKind: 'now' | 'running';
  episodes: FailureEpisodeView[];
  totalFailures: number;
  configChanges: ConfigChangeView[];
  changeBeforeFailures?: ConfigChangeView;
  points: Array<{ t: number; failures: number }>;
}

export interface StuckPodView {
  namespace: string;
  name: string;
  node: string;
  /** `Kind/name` of the controller, e.g. ReplicaSet/web-7d9f. */
  owner?: string;
  createdAt: string;
  since: string;
  failures: number;
  lastSeen?: string;
  lastMessage?: string;
  signature: SignatureView;
  timeline: PodTimelineView;
}

export interface StuckSeriesView {
  from: number;
  to: number;
  bucketMs: number;
  buckets: number[];
  /** Per bucket: pods stuck at some point of it; `peak`: the most stuck at one instant. */
  series: Array<{ key: string; values: number[]; peak: number }>;
  /** Distinct pods stuck at some point in the window. */
  pods: number;
  /** Most pods stuck at the same instant (lib/timeline/peak.ts), not a bucket's count. */
  peak: number;
  peakAt?: number;
  /** Pods stuck now. */
  current: number;
}

export interface FacetView {
  key: string;
  count: number;
}

export interface PodsView {
  generatedAt: string;
  stale: boolean;
  staleSince?: string;
  errors: string[];
  filter: PodsFilter;
  /** Stuck pods in the cluster, before filtering. */
  total: number;
  /** Stuck pods matching the filter, worst node first; capped at `limit`. */
  pods: StuckPodView[];
  matching: number;
  limit: number;
  /** Over every stuck pod, before filtering; namespaces and workloads capped at FACET_LIMIT (search finds the rest). */
  facets: { nodes: FacetView[]; signatures: Array<FacetView & { cause?: string }>; namespaces: FacetView[]; workloads: FacetView[] };
  chart: StuckSeriesView;
}

export const FACET_LIMIT = 200;
export const SEARCH_MAX = 200;

export interface PodsFilter {
  node?: string;
  signature?: string;
  namespace?: string;
  /** The controller, as `Kind/name` (e.g. ReplicaSet/web-7d9f): the pod's controller ownerReference. */
  workload?: string;
  /** Case-insensitive text in the pod's namespace/name, node, workload, signature or last message. */
  q?: string;
}

/** What the server lists: the filter and the order. */
export interface PodsListing extends PodsFilter {
  sort: PodSortKey;
  order: SortOrder;
}

export interface PodsSearch extends PodsListing {
  group: PodGroupBy;
  /** `namespace/name` of the pod whose timeline is open. */
  pod?: string;
}

const signatureSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'signature must be a signature id (lowercase letters, digits and "-")');
const podRefSchema = z.string().max(507).regex(/^[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*$/, 'pod must be namespace/name');

// DNS-1123 label (namespaces): https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
const namespaceSchema = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'namespace must be a DNS-1123 label');
// Kind is a CamelCase identifier; the name any object name (DNS-1123 subdomain, 253 characters at most).
const workloadSchema = z.string().max(317).regex(/^[A-Za-z][A-Za-z0-9]{0,62}\/[a-z0-9][-a-z0-9.]{0,252}$/, 'workload must be Kind/name, e.g. ReplicaSet/web-7d9f');
const searchSchema = z.string().max(SEARCH_MAX, `q: at most ${SEARCH_MAX} characters`);

export const podsFilterSchema = z.object({
  node: nodeNameSchema.optional(),
  signature: signatureSchema.optional(),
  namespace: namespaceSchema.optional(),
  workload: workloadSchema.optional(),
  q: searchSchema.optional(),
});

const podsListingSchema = podsFilterSchema.extend({
  sort: z.enum(['node', 'pod', 'since', 'failures', 'signature']).default('node'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

const podsSearchSchema = podsListingSchema.extend({
  group: z.enum(['node', 'signature', 'none']).default('node'),
  pod: podRefSchema.optional(),
});

const FILTER_KEYS = ['node', 'signature', 'namespace', 'workload', 'q'] as const;

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function pick(params: RawParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const one = Array.isArray(v) ? v[0] : v;
    // An empty value (`?node=`) means "no filter", as a cleared form field sends it; so does a blank search.
    if (one && (k !== 'q' || one.trim())) out[k] = k === 'q' ? one.trim() : one;
  }
  return out;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parsePodsFilter(params: RawParams): Parsed<PodsFilter> {
  const r = podsFilterSchema.safeParse(pick(params, FILTER_KEYS));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssue(r.error) };
}

export function parsePodsListing(params: RawParams): Parsed<PodsListing> {
  const r = podsListingSchema.safeParse(pick(params, [...FILTER_KEYS, 'sort', 'order']));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssue(r.error) };
}

export function parsePodsSearch(params: RawParams): Parsed<PodsSearch> {
  const r = podsSearchSchema.safeParse(pick(params, [...FILTER_KEYS, 'sort', 'order', 'group', 'pod']));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssue(r.error) };
}

/** The filter and order as query parameters, defaults left out: for links, the API and the export. */
export function listingParams(listing: PodsFilter & Partial<Pick<PodsListing, 'sort' | 'order'>>): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = listing[k];
    if (v) q.set(k, v);
  }
  if (listing.sort && listing.sort !== 'node') q.set('sort', listing.sort);
  if (listing.order && listing.order !== 'asc') q.set('order', listing.order);
  return q;
}

/** The listing part of a search (what the server is asked for). */
export function listingOf(search: PodsSearch): PodsListing {
  const { group: _g, pod: _p, ...listing } = search;
  return listing;
}

export function isFiltered(filter: PodsFilter): boolean {
  return FILTER_KEYS.some((k) => !!filter[k]);
}

/** The /pods link for a state; defaults are left out so links stay short. */
export function podsHref(search: PodsSearch): string {
  const q = listingParams(search);
  if (search.group !== 'node') q.set('group', search.group);
  if (search.pod) q.set('pod', search.pod);
  const s = q.toString();
  return s ? `/pods?${s}` : '/pods';
}

/** The export of the stuck pods a search shows (all of them, not the first PODS_LIMIT). */
export function podsExportHref(listing: PodsListing, format: 'csv' | 'json'): string {
  const q = listingParams(listing);
  q.set('format', format);
  return `/api/export/pods?${q.toString()}`;
}

export function podRef(pod: Pick<StuckPodView, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

export function podsQueryKey(listing: PodsListing) {
  return [...queryKeys.all, 'pods', listingParams(listing).toString()] as const;
}

export function podsQuery(listing: PodsListing) {
  const qs = listingParams(listing).toString();
  return queryOptions({
    queryKey: podsQueryKey(listing),
    queryFn: ({ signal }) => fetchJson<PodsView>(qs ? `/api/pods?${qs}` : '/api/pods', { signal }),
    // The live stream invalidates this; the interval is the safety net when it is down.
    refetchInterval: 15_000,
  });
}
