/**
 * Contracts of the remediation routes, shared by the route handlers and the
 * UI: views, request bodies (validated with zod on the server), fetchers and
 * query options.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, queryKeys } from './queries';
import { nodeNameSchema } from './params';
import type { IdentityView } from '@/lib/model/identity';
import type { FileChange } from '@/lib/model/calls';
import type { Equivalent, KubectlCommand } from '@/lib/remediation/kubectl';
import type { RolloutCounts, RolloutPhase } from '@/lib/remediation/rollout';

export type RemediationKind = 'action' | 'advice';

export interface PermissionView {
  allowed: boolean;
  /** Why not, in words (RBAC denials carry no reason of their own). */
  reason?: string;
  checks: Array<{ verb: string; resource: string; namespace?: string; name?: string; allowed: boolean }>;
}

export interface ActionSummaryView {
  id: string;
  title: string;
  description: string;
  kind: RemediationKind;
  scope: 'node' | 'cluster';
  disruptive: boolean;
  target: { kind: 'Node' | 'DaemonSet'; namespace?: string; name: string };
  /** Rule ids of the findings that point to it (empty for always-available actions like cordon). */
  fromFindings: string[];
  /** Precondition not met: the reason (the button stays visible, disabled). */
  blocked?: string;
  permission: PermissionView;
  /** What it does in kubectl (its planned calls), or, for advice, the nearest commands or why there are none. */
  kubectl?: Equivalent;
  /** For a cluster-wide fix: how many nodes and pods it touches (lib/remediation/blast-radius.ts). */
  blastRadius?: { nodes: number; pods: number; atATime: number; text: string };
}

export interface RemediationsView {
  /** False outside the demo until enabled by configuration; the UI says why. */
  enabled: boolean;
  disabledReason?: string;
  identity: IdentityView;
  actions: ActionSummaryView[];
}

export type { IdentityView };

export interface DryRunView {
  ok: boolean;
  /** HTTP status of the dry-run, when it failed. */
  status?: number;
  message?: string;
}

export interface PlannedCallView {
  id: string;
  verb: 'create' | 'delete' | 'patch';
  /** `DELETE /api/v1/namespaces/kube-system/pods/kube-multus-ds-x` */
  request: string;
  description: string;
  patchType?: string;
  body?: unknown;
  dryRun: DryRunView;
  /** For a patch: the object's relevant part before and after (from the dry-run's answer). */
  diff?: { before: unknown; after: unknown; changes: Array<{ op: 'add' | 'remove' | 'change'; path: string }> };
  /** For a request to a node's agent: the host file it will rewrite, and exactly what it will write. */
  fileChange?: FileChange;
}

export interface PreviewView {
  action: string;
  title: string;
  description: string;
  target: ActionSummaryView['target'];
  calls: PlannedCallView[];
  /** Left alone, with why; `choosable` items (bare pods) can be included one by one via `params.barePods`. */
  skipped: Array<{ what: string; why: string; choosable?: boolean }>;
  warnings: string[];
  blocked?: string;
  permission: PermissionView;
  /** What to type to confirm; absent when a click is enough. */
  confirmText?: string;
  /** Identifies the plan (what its calls do), for display and comparison. */
  digest: string;
  /**
   * The server's record of this preview, when it may be applied: execution
   * names it and nothing else, and runs exactly this plan (re-planned from
   * fresh state, refused with 409 when that differs). Valid until `expiresAt`.
   */
  previewId?: string;
  expiresAt?: string;
  canApply: boolean;
  cannotApplyReason?: string;
  /** The planned calls as kubectl commands, for whoever would rather run them by hand (or may only read). */
  kubectl?: KubectlCommand[];
  /** A DaemonSet plan's pods' QoS class now and after the change. */
  qos?: { before: 'Guaranteed' | 'Burstable' | 'BestEffort'; after: 'Guaranteed' | 'Burstable' | 'BestEffort' };
}

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type OperationState = 'running' | 'verifying' | 'succeeded' | 'failed' | 'timed-out';

export interface RolloutProgressView extends RolloutCounts {
  /** not-observed: the controller has not acted on our generation yet; complete: updated, available and ready all equal desired. */
  phase: RolloutPhase;
  /** Pods replaced at a time (maxUnavailable as the controller resolves it). */
  maxUnavailable: number;
  /** The verification gives up after this long without progress. */
  stallSeconds: number;
  /** When it gives up unless the rollout moves before then. */
  giveUpAt: string;
  /** At the pace so far; absent until pods of our generation have rolled. */
  estimatedRemainingSeconds?: number;
}

export interface OperationView {
  id: string;
  action: string;
  title: string;
  target: ActionSummaryView['target'];
  user: string;
  state: OperationState;
  steps: Array<{ id: string; description: string; state: StepState; message?: string }>;
  /** What the verification is waiting for, what it saw last, and how long it waits. */
  verification?: { waitingFor: string; lastSeen?: string; window?: string };
  /** A DaemonSet change's rollout as it progresses (kubectl rollout status semantics). */
  rollout?: RolloutProgressView;
  startedAt: string;
  finishedAt?: string;
  /** One plain sentence: what happened. Never "success" for a failure. */
  outcome?: string;
  /**
   * The audit record of a finished operation: `pending` until its Event is
   * written (retried until it is, by whichever replica leads), then `recorded`.
   */
  audit?: { state: 'pending' | 'recorded'; message: string };
}

export interface AuditEntryView {
  time: string;
  action: string;
  target: string;
  user: string;
  outcome: 'succeeded' | 'failed' | 'timed-out' | 'started' | 'rejected';
  message: string;
}

export interface AuditView {
  entries: AuditEntryView[];
}

const actionId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'unknown action');

export const remediationParamsSchema = z.object({
  cpu: z.string().max(32).optional(),
  memory: z.string().max(32).optional(),
  /** `namespace/name` of bare pods chosen one by one for delete-stuck-pods. */
  barePods: z.array(z.string().max(507)).max(500).optional(),
}).strict();

export const previewRequestSchema = z.object({
  action: actionId,
  node: nodeNameSchema.optional(),
  params: remediationParamsSchema.default({}),
}).strict();

export const executeRequestSchema = z.object({
  /** The server's record of what it previewed for this user (PreviewView.previewId). */
  previewId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'previewId: expected the id of a preview'),
  /** The typed confirmation, when the preview asked for one. */
  confirm: z.string().max(253).optional(),
  /** Client-minted; a retry or a double click with the same key and body returns the same operation. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
}).strict();

export type PreviewRequest = z.input<typeof previewRequestSchema>;
export type ExecuteRequest = z.input<typeof executeRequestSchema>;

/** Every mutating request carries this header: a cross-site form cannot set it. */
export const MUTATION_HEADER = 'x-cni-health-action';

export function postJson<T>(url: string, body: unknown): Promise<T> {
  return fetchJson<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [MUTATION_HEADER]: '1' },
    body: JSON.stringify(body),
  });
}

export const remediationKeys = {
  list: (node: string | undefined) => [...queryKeys.all, 'remediations', node ?? '(cluster)'] as const,
  operation: (id: string) => [...queryKeys.all, 'operation', id] as const,
  audit: () => [...queryKeys.all, 'audit'] as const,
  identity: () => [...queryKeys.all, 'identity'] as const,
};

export function remediationsQuery(node?: string) {
  return queryOptions({
    queryKey: remediationKeys.list(node),
    queryFn: ({ signal }) => fetchJson<RemediationsView>(`/api/remediations${node ? `?node=${encodeURIComponent(node)}` : ''}`, { signal }),
  });
}

export function operationQuery(id: string) {
  return queryOptions({
    queryKey: remediationKeys.operation(id),
    queryFn: ({ signal }) => fetchJson<OperationView>(`/api/remediations/operations/${encodeURIComponent(id)}`, { signal }),
    // Progress is shown while it runs; the live stream also invalidates it.
    // Also while its audit record is pending: the operation says when it is recorded.
    refetchInterval: (q) => (q.state.data && !['running', 'verifying'].includes(q.state.data.state) ? (q.state.data.audit?.state === 'pending' ? 5_000 : false) : 1_000),
  });
}

export function auditQuery() {
  return queryOptions({
    queryKey: remediationKeys.audit(),
    queryFn: ({ signal }) => fetchJson<AuditView>('/api/audit', { signal }),
  });
}

export function identityQuery() {
  return queryOptions({
    queryKey: remediationKeys.identity(),
    queryFn: ({ signal }) => fetchJson<IdentityView>('/api/identity', { signal }),
  });
}

export const previewRemediation = (body: PreviewRequest): Promise<PreviewView> => postJson('/api/remediations/preview', body);
export const executeRemediation = (body: ExecuteRequest): Promise<OperationView> => postJson('/api/remediations', body);
export const switchDemoIdentity = (user: string): Promise<IdentityView> => postJson('/api/identity', { user });
