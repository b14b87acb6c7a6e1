/**
 * Contracts of the bulk repair routes: one node action on every node with a
 * finding. Views, request schemas, fetchers and query options.
 */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson, queryKeys } from './queries';
import { postJson, type DryRunView, type PermissionView } from './remediation';
import type { KubectlCommand } from '@/lib/remediation/kubectl';

export interface BulkOfferView {
  ruleId: string;
  findingTitle: string;
  action: string;
  actionTitle: string;
  /** Nodes it would repair. */
  count: number;
  /** Nodes with the finding it cannot repair (blocked plans). */
  blocked: number;
}

export interface BulkOffersView {
  enabled: boolean;
  disabledReason?: string;
  offers: BulkOfferView[];
}

export interface BulkCallView {
  request: string;
  description: string;
  dryRun: DryRunView;
}

export interface BulkPreviewNodeView {
  node: string;
  calls: BulkCallView[];
  kubectl: KubectlCommand[];
}

export interface BulkPreviewView {
  ruleId: string;
  findingTitle: string;
  action: string;
  title: string;
  description: string;
  nodes: BulkPreviewNodeView[];
  excluded: Array<{ node: string; why: string }>;
  warnings: string[];
  permission: PermissionView;
  /** What to type: the number of nodes. */
  confirmText: string;
  /** Nodes acted on at once (server configuration). */
  concurrency: number;
  previewId?: string;
  expiresAt?: string;
  canApply: boolean;
  cannotApplyReason?: string;
}

export type BulkNodeStateView = 'queued' | 'running' | 'verified' | 'failed' | 'skipped';
export type BulkStateView = 'running' | 'cancelling' | 'done' | 'stopped' | 'cancelled';

export interface BulkNodeProgressView {
  node: string;
  state: BulkNodeStateView;
  message?: string;
  /** The node's own operation (its steps, verification and audit record). */
  operationId?: string;
}

export interface BulkOperationView {
  id: string;
  ruleId: string;
  action: string;
  title: string;
  user: string;
  state: BulkStateView;
  concurrency: number;
  counts: Record<BulkNodeStateView, number>;
  nodes: BulkNodeProgressView[];
  startedAt: string;
  finishedAt?: string;
  /** One plain sentence: what happened, which node stopped it and why. */
  outcome?: string;
}

const ruleId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'ruleId: expected a rule id');

export const bulkPreviewRequestSchema = z.object({
  ruleId,
  action: z.string().regex(/^[a-z0-9-]{1,64}$/, 'unknown action'),
}).strict();

export const bulkExecuteRequestSchema = z.object({
  previewId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'previewId: expected the id of a bulk preview'),
  /** The number of nodes, typed. */
  confirm: z.string().max(16),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
}).strict();

export const bulkCancelRequestSchema = z.object({}).strict();

export type BulkPreviewRequest = z.input<typeof bulkPreviewRequestSchema>;
export type BulkExecuteRequest = z.input<typeof bulkExecuteRequestSchema>;

export const bulkKeys = {
  offers: () => [...queryKeys.all, 'bulk-offers'] as const,
  operation: (id: string) => [...queryKeys.all, 'bulk', id] as const,
};

export function bulkOffersQuery() {
  return queryOptions({
    queryKey: bulkKeys.offers(),
    queryFn: ({ signal }) => fetchJson<BulkOffersView>('/api/remediations/bulk', { signal }),
  });
}

export function bulkOperationQuery(id: string) {
  return queryOptions({
    queryKey: bulkKeys.operation(id),
    queryFn: ({ signal }) => fetchJson<BulkOperationView>(`/api/remediations/bulk/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (q.state.data && !['running', 'cancelling'].includes(q.state.data.state) ? false : 1_000),
  });
}

export const previewBulk = (body: BulkPreviewRequest): Promise<BulkPreviewView> => postJson('/api/remediations/bulk/preview', body);
export const executeBulk = (body: BulkExecuteRequest): Promise<BulkOperationView> => postJson('/api/remediations/bulk', body);
export const cancelBulk = (id: string): Promise<BulkOperationView> => postJson(`/api/remediations/bulk/${encodeURIComponent(id)}/cancel`, {});
