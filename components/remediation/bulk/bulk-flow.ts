/**
 * The bulk repair UI's decisions, pure: when Apply is usable, how a bulk
 * operation is put into words, and the dialog's place in the URL (so a
 * reload or a pasted link shows the same preview or the same progress).
 */
import type { BulkOperationView, BulkPreviewView, BulkStateView } from '@/lib/api/bulk';

export function bulkApplyDisabledReason(p: BulkPreviewView, typed: string): string | null {
  if (!p.permission.allowed) return p.permission.reason ?? 'Your Kubernetes permissions do not allow this action.';
  if (!p.canApply) return p.cannotApplyReason ?? 'The server says this plan cannot be applied.';
  if (!p.previewId) return 'The server kept no record of this preview to apply; preview again.';
  if (typed.trim() !== p.confirmText) return `Type ${p.confirmText} (the number of nodes) to confirm.`;
  return null;
}

const FINAL: ReadonlySet<BulkStateView> = new Set(['done', 'stopped', 'cancelled']);
export const isBulkFinal = (s: BulkStateView): boolean => FINAL.has(s);

/** Only a bulk repair where every node was verified is worded as success. */
export function bulkHeadline(op: Pick<BulkOperationView, 'state' | 'counts' | 'title' | 'nodes'>): { tone: 'progress' | 'ok' | 'bad'; text: string } {
  const total = op.nodes.length;
  const { verified, failed, skipped } = op.counts;
  const done = verified + failed + skipped;
  switch (op.state) {
    case 'running': return { tone: 'progress', text: `${op.title}: ${done} of ${total} nodes done (${verified} verified)…` };
    case 'cancelling': return { tone: 'progress', text: `Cancelling: waiting for the ${op.counts.running} node${op.counts.running === 1 ? '' : 's'} in flight to finish…` };
    case 'cancelled': return { tone: 'bad', text: `Cancelled: ${verified} of ${total} nodes verified.` };
    case 'stopped': return { tone: 'bad', text: `Stopped after a node failed to recover: ${verified} of ${total} verified, ${failed} failed.` };
    default: return failed === 0 && verified === total
      ? { tone: 'ok', text: `Done and verified: all ${total} nodes.` }
      : { tone: 'bad', text: `Finished: ${verified} of ${total} verified, ${skipped} skipped, ${failed} failed.` };
  }
}

export interface BulkDialogState { rule?: string; action?: string; op?: string }

const KEYS = { rule: 'bulk-rule', action: 'bulk-action', op: 'bulk' } as const;

export function bulkDialogFromSearch(search: URLSearchParams): BulkDialogState | null {
  const op = search.get(KEYS.op) ?? undefined;
  const rule = search.get(KEYS.rule) ?? undefined;
  const action = search.get(KEYS.action) ?? undefined;
  if (op && /^[0-9a-f-]{36}$/.test(op)) return { op, rule, action };
  if (rule && action && /^[a-z0-9-]{1,64}$/.test(rule) && /^[a-z0-9-]{1,64}$/.test(action)) return { rule, action };
  return null;
}

/** The search string with the bulk dialog's keys set (or removed), other keys kept. */
export function withBulkParams(search: string, next: BulkDialogState): string {
  const p = new URLSearchParams(search);
  for (const k of Object.values(KEYS)) p.delete(k);
  if (next.rule) p.set(KEYS.rule, next.rule);
  if (next.action) p.set(KEYS.action, next.action);
  if (next.op) p.set(KEYS.op, next.op);
  const s = p.toString();
  return s ? `?${s}` : '';
}
