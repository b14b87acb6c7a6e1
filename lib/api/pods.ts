/**
 * Contract of the stuck-pods view: what GET /api/pods returns, the URL state
 * of /pods, and the query options shared by the server prefetch and the
 * client hook.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, queryKeys } from './queries';
import { describeIssue, nodeNameSchema } from './params';

export type PodGroupBy = 'node' | 'signature';
export const POD_GROUPS: readonly PodGroupBy[] = ['node', 'signature'];

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
  series: Array<{ key: string; values: number[] }>;
  /** Distinct pods stuck at some point in the window. */
  pods: number;
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
  facets: { nodes: FacetView[]; signatures: Array<FacetView & { cause?: string }> };
  chart: StuckSeriesView;
}

export interface PodsFilter {
  node?: string;
  signature?: string;
}

export interface PodsSearch extends PodsFilter {
  group: PodGroupBy;
  /** `namespace/name` of the pod whose timeline is open. */
  pod?: string;
}

const signatureSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'signature must be a signature id (lowercase letters, digits and "-")');
const podRefSchema = z.string().max(507).regex(/^[a-z0-9][-a-z0-9.]*\/[a-z0-9][-a-z0-9.]*$/, 'pod must be namespace/name');

export const podsFilterSchema = z.object({
  node: nodeNameSchema.optional(),
  signature: signatureSchema.optional(),
});

const podsSearchSchema = podsFilterSchema.extend({
  group: z.enum(['node', 'signature']).default('node'),
  pod: podRefSchema.optional(),
});

type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

function pick(params: RawParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const one = Array.isArray(v) ? v[0] : v;
    // An empty value (`?node=`) means "no filter", as a cleared form field sends it.
    if (one) out[k] = one;
  }
  return out;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parsePodsFilter(params: RawParams): Parsed<PodsFilter> {
  const r = podsFilterSchema.safeParse(pick(params, ['node', 'signature']));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssue(r.error) };
}

export function parsePodsSearch(params: RawParams): Parsed<PodsSearch> {
  const r = podsSearchSchema.safeParse(pick(params, ['node', 'signature', 'group', 'pod']));
  return r.success ? { ok: true, value: r.data } : { ok: false, error: describeIssue(r.error) };
}

/** The /pods link for a state; defaults are left out so links stay short. */
export function podsHref(search: PodsSearch): string {
  const q = new URLSearchParams();
  if (search.group !== 'node') q.set('group', search.group);
  if (search.node) q.set('node', search.node);
  if (search.signature) q.set('signature', search.signature);
  if (search.pod) q.set('pod', search.pod);
  const s = q.toString();
  return s ? `/pods?${s}` : '/pods';
}

export function podRef(pod: Pick<StuckPodView, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

export function podsQueryKey(filter: PodsFilter) {
  return [...queryKeys.all, 'pods', { node: filter.node ?? null, signature: filter.signature ?? null }] as const;
}

export function podsQuery(filter: PodsFilter) {
  const q = new URLSearchParams();
  if (filter.node) q.set('node', filter.node);
  if (filter.signature) q.set('signature', filter.signature);
  const qs = q.toString();
  return queryOptions({
    queryKey: podsQueryKey(filter),
    queryFn: ({ signal }) => fetchJson<PodsView>(qs ? `/api/pods?${qs}` : '/api/pods', { signal }),
    // The live stream invalidates this; the interval is the safety net when it is down.
    refetchInterval: 15_000,
  });
}
