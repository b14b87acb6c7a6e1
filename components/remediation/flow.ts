/**
 * The remediation UI's decisions, pure so they can be tested without a
 * browser: when an action's button is usable, when Apply is, how an
 * operation's state is put into words, and which skipped items the user may
 * choose one by one.
 */
import type { ActionSummaryView, OperationState, OperationView, PreviewView } from '@/lib/api/remediation';

/**
 * Why an action's button is disabled, or null when it may be clicked. A
 * precondition and a permission denial can both hold; both are said, since
 * fixing one leaves the other.
 */
export function actionDisabledReason(action: ActionSummaryView, enabled: boolean, disabledReason?: string): string | null {
  if (!enabled) return disabledReason ?? 'Remediation is turned off for this dashboard.';
  const reasons: string[] = [];
  if (action.blocked) reasons.push(action.blocked);
  // A plan that could not be made comes back denied without a reason: the precondition says it all.
  if (!action.permission.allowed && (action.permission.reason || !action.blocked)) reasons.push(action.permission.reason ?? 'Your Kubernetes permissions do not allow this action.');
  return reasons.length > 0 ? reasons.join(' ') : null;
}

/** Exact match, no trimming or case folding: the point is to make the user read the name. */
export function confirmMatches(expected: string | undefined, typed: string): boolean {
  return expected === undefined || typed === expected;
}

/** Why Apply is disabled for this preview, or null when it may be clicked. */
export function applyDisabledReason(preview: PreviewView, typed: string): string | null {
  if (preview.blocked) return preview.blocked;
  if (!preview.permission.allowed) return preview.permission.reason ?? 'Your Kubernetes permissions do not allow this action.';
  const refused = preview.calls.find((c) => !c.dryRun.ok);
  if (refused) return `The dry-run of ${refused.request} was refused${refused.dryRun.status ? ` (${refused.dryRun.status})` : ''}: ${refused.dryRun.message ?? 'no message'}`;
  if (!preview.canApply) return preview.cannotApplyReason ?? 'The server says this plan cannot be applied.';
  if (!preview.previewId) return 'The server kept no record of this preview to apply; preview again.';
  if (preview.calls.length === 0) return 'There is nothing to do.';
  if (!confirmMatches(preview.confirmText, typed)) return `Type ${preview.confirmText} to confirm.`;
  return null;
}

export type Tone = 'progress' | 'ok' | 'bad';

const FINAL: ReadonlySet<OperationState> = new Set(['succeeded', 'failed', 'timed-out']);

export function isFinal(state: OperationState): boolean {
  return FINAL.has(state);
}

/**
 * The headline of an operation. Only `succeeded` is ever worded as success:
 * a failure or a timeout is said plainly, whatever the steps say.
 */
export function operationHeadline(op: Pick<OperationView, 'state' | 'title' | 'target' | 'rollout'>): { tone: Tone; text: string } {
  const what = `${op.title} on ${op.target.name}`;
  const r = op.rollout;
  switch (op.state) {
    case 'running': return { tone: 'progress', text: `Applying: ${what}…` };
    case 'verifying':
      if (r?.phase === 'not-observed') return { tone: 'progress', text: `Applied; waiting for the DaemonSet controller to start the rollout: ${what}…` };
      if (r) return { tone: 'progress', text: `Applied; rolling out (${r.updated} of ${r.desired} updated, ${r.available} available): ${what}…` };
      return { tone: 'progress', text: `Applied; checking that it worked: ${what}…` };
    case 'succeeded': return { tone: 'ok', text: `Done and verified: ${what}.` };
    case 'failed': return { tone: 'bad', text: `Failed: ${what}.` };
    case 'timed-out':
      if (r) return { tone: 'bad', text: `Not verified: the rollout stopped progressing at ${r.updated} of ${r.desired} updated, ${r.available} available: ${what}. Check the DaemonSet's pods that are not ready before retrying.` };
      return { tone: 'bad', text: `Not verified in time: ${what}. The change may be partly applied; check the node before retrying.` };
  }
}

/** Skipped items the user may choose one by one: those the plan marks `choosable` (bare pods of `delete-stuck-pods`). */
export function isChoosableBarePod(action: string, item: { what: string; why: string; choosable?: boolean }): boolean {
  return action === 'delete-stuck-pods' && item.choosable === true && /^[^/\s]+\/[^/\s]+$/.test(item.what);
}

/** The bare pods to offer: those the plan skipped plus those already chosen (now in its calls), in a stable order. */
export function barePodChoices(preview: Pick<PreviewView, 'action' | 'skipped'>, chosen: readonly string[]): string[] {
  const skipped = preview.skipped.filter((s) => isChoosableBarePod(preview.action, s)).map((s) => s.what);
  return [...new Set([...skipped, ...chosen])].sort();
}

export function toggle(list: readonly string[], item: string, on: boolean): string[] {
  const rest = list.filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

/** The search string with the dialog's parameters set or removed, other parameters kept. */
export function withDialogParams(search: string, next: { remediate?: string; op?: string }): string {
  const p = new URLSearchParams(search);
  for (const key of ['remediate', 'op'] as const) {
    const v = next[key];
    if (v) p.set(key, v);
    else p.delete(key);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * A dialog opened from a URL names an action the list offers; anything else
 * is ignored. With an operation id it stays open even when the action has
 * left the list (a repaired node no longer offers its repair).
 */
export function dialogFromSearch(search: { get(name: string): string | null }, actions: readonly Pick<ActionSummaryView, 'id' | 'kind'>[]): { action: string; op?: string } | null {
  const id = search.get('remediate');
  if (!id || !/^[a-z0-9-]{1,64}$/.test(id)) return null;
  const op = search.get('op');
  if (op && /^[A-Za-z0-9-]{1,64}$/.test(op)) return { action: id, op };
  return actions.some((a) => a.id === id && a.kind === 'action') ? { action: id } : null;
}
