import 'server-only';
import type { Watch } from '@kubernetes/client-node';
import type { ResourceKind } from '@/lib/model/cluster';
import type { AccessLossPolicy, AccessReview } from './access-loss';
import type { BackoffPolicy } from './backoff';
import type { KubeError } from './errors';

export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

export interface InformerOptions<T> {
  kind: ResourceKind;
  /** One page of the list; `continueToken` undefined for the first; `signal` ends it when the connection is lost. */
  listPage: (limit: number, continueToken: string | undefined, signal?: AbortSignal) => Promise<ListPage>;
  watch: Watch;
  watchPath: string;
  /** Extra query parameters for the watch (selectors); must match the list's. */
  watchParams?: Record<string, string>;
  /** Slim projection; returns undefined to drop an object the analysis never needs. */
  project: (raw: unknown) => T | undefined;
  /** The projection's resourceVersion: a relist keeps (and does not re-announce) objects that did not change. */
  versionOf?: (obj: T) => string | undefined;
  pageSize?: number;
  backoff?: BackoffPolicy;
  /** Server-side watch timeout; the server closes the stream and we resume from the last RV. */
  watchTimeoutSeconds?: () => number;
  /** How long past its timeoutSeconds a watch may stay open before it is presumed dead. */
  watchGraceMs?: number;
  now?: () => number;
  /** When a 403 counts as lost access rather than a passing refusal. */
  accessLoss?: AccessLossPolicy;
  /** SelfSubjectAccessReview of list and watch of this kind with the informer's own credentials. */
  reviewAccess?: () => Promise<AccessReview>;
  /** Jitter source for the backoff (tests pin it). */
  random?: () => number;
  log?: (msg: string) => void;
}

export type InformerEvent<T> =
  | { type: 'upsert'; key: string; obj: T }
  | { type: 'delete'; key: string; obj: T }
  | { type: 'status' };

export interface InformerStatus {
  kind: ResourceKind;
  synced: boolean;
  /** The last list, watch event or bookmark, or liveness confirmation while the watch was open. */
  lastSyncedAt?: number;
  error?: KubeError;
  /** Access to this kind is lost (a 403 that persisted or was confirmed): its objects are dropped. A passing 403 only sets `error`. */
  forbidden: boolean;
  /** Consecutive failed attempts (0 while healthy). */
  failures: number;
  /** When the next attempt is due, while backing off. */
  retryAt?: number;
  resourceVersion?: string;
  count: number;
  lists: number;
  watches: number;
  /** Watch events applied since start (bookmarks excluded). */
  events: number;
  /** How long the first list took, from start() to synced (ms). */
  coldSyncMs?: number;
  /** A list (initial or relist) is in flight. */
  listing: boolean;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the cache key. */
export function objectKey(raw: unknown): string | undefined {
  const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | undefined)?.metadata;
  if (typeof meta?.name !== 'string') return undefined;
  return typeof meta.namespace === 'string' && meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}
