import { describe, expect, it } from 'vitest';
import type { ActionSummaryView, OperationState, PreviewView } from '@/lib/api/remediation';
import { actionDisabledReason, applyDisabledReason, barePodChoices, confirmMatches, dialogFromSearch, isChoosableBarePod, operationHeadline, toggle, withDialogParams } from './flow';

const allowed = { allowed: true, checks: [] };

function action(over: Partial<ActionSummaryView> = {}): ActionSummaryView {
  return {
    id: 'cordon-node', title: 'Cordon the node', description: '', kind: 'action', scope: 'node', disruptive: false,
    target: { kind: 'Node', name: 'n1' }, fromFindings: [], permission: allowed, ...over,
  };
}

function preview(over: Partial<PreviewView> = {}): PreviewView {
  return {
    action: 'repair-node-cni-config', title: 'Repair', description: '', target: { kind: 'Node', name: 'n1' },
    calls: [{ id: 'c', verb: 'create', request: 'POST /api/v1/namespaces/cni-health/configmaps', description: '', dryRun: { ok: true } }],
    skipped: [], warnings: [], permission: allowed, confirmText: 'n1', digest: '0123456789abcdef', previewId: 'AAAAAAAAAAAAAAAAAAAAAA', expiresAt: '2026-01-01T00:05:00Z', canApply: true, ...over,
  };
}

describe('actionDisabledReason', () => {
  it('lets an allowed, unblocked action be clicked', () => {
    expect(actionDisabledReason(action(), true)).toBeNull();
  });
  it('gives the configuration reason alone, else the precondition and the RBAC denial', () => {
    const a = action({ blocked: 'Already cordoned.', permission: { allowed: false, reason: 'viewer may not patch nodes.', checks: [] } });
    expect(actionDisabledReason(a, false, 'read-only by configuration')).toBe('read-only by configuration');
    expect(actionDisabledReason(a, true)).toBe('Already cordoned. viewer may not patch nodes.');
    expect(actionDisabledReason(action({ blocked: 'Already cordoned.' }), true)).toBe('Already cordoned.');
    expect(actionDisabledReason(action({ permission: { allowed: false, reason: 'viewer may not patch nodes.', checks: [] } }), true)).toBe('viewer may not patch nodes.');
  });
  it('does not invent a permission problem for a plan that could not be made', () => {
    expect(actionDisabledReason(action({ blocked: 'no Multus DaemonSet found', permission: { allowed: false, checks: [] } }), true)).toBe('no Multus DaemonSet found');
  });
  it('never leaves a denial without words', () => {
    expect(actionDisabledReason(action({ permission: { allowed: false, checks: [] } }), true)).toMatch(/permissions/);
  });
});

describe('applyDisabledReason', () => {
  it('needs the exact confirmation text', () => {
    expect(applyDisabledReason(preview(), '')).toBe('Type n1 to confirm.');
    expect(applyDisabledReason(preview(), 'N1')).toBe('Type n1 to confirm.');
    expect(applyDisabledReason(preview(), 'n1 ')).toBe('Type n1 to confirm.');
    expect(applyDisabledReason(preview(), 'n1')).toBeNull();
    expect(applyDisabledReason(preview({ confirmText: undefined }), '')).toBeNull();
  });
  it('is disabled by a refused dry-run, with its status and message', () => {
    const p = preview({ calls: [{ id: 'c', verb: 'delete', request: 'DELETE /api/v1/x', description: '', dryRun: { ok: false, status: 403, message: 'denied' } }] });
    expect(applyDisabledReason(p, 'n1')).toBe('The dry-run of DELETE /api/v1/x was refused (403): denied');
  });
  it('is disabled when the server says so, when blocked, or when nothing would happen', () => {
    expect(applyDisabledReason(preview({ canApply: false, cannotApplyReason: 'nope' }), 'n1')).toBe('nope');
    expect(applyDisabledReason(preview({ blocked: 'no primary' }), 'n1')).toBe('no primary');
    expect(applyDisabledReason(preview({ calls: [] }), 'n1')).toBe('There is nothing to do.');
    expect(applyDisabledReason(preview({ previewId: undefined }), 'n1')).toMatch(/no record of this preview/);
  });
  it('is disabled without permission', () => {
    expect(applyDisabledReason(preview({ permission: { allowed: false, reason: 'viewer', checks: [] } }), 'n1')).toBe('viewer');
  });
});

describe('operationHeadline', () => {
  const op = { title: 'Repair', target: { kind: 'Node' as const, name: 'n1' } };
  it('words only succeeded as success', () => {
    const states: OperationState[] = ['running', 'verifying', 'succeeded', 'failed', 'timed-out'];
    const ok = states.filter((state) => /done|success/i.test(operationHeadline({ ...op, state }).text));
    expect(ok).toEqual(['succeeded']);
    expect(operationHeadline({ ...op, state: 'succeeded' }).tone).toBe('ok');
  });
  it('says failure and timeout plainly', () => {
    expect(operationHeadline({ ...op, state: 'failed' })).toEqual({ tone: 'bad', text: 'Failed: Repair on n1.' });
    expect(operationHeadline({ ...op, state: 'timed-out' }).text).toMatch(/^Not verified in time/);
  });
  it('shows a rollout\'s progress while verifying, and never words a rollout in progress as done', () => {
    const rollout = { phase: 'rolling' as const, generation: 2, observedGeneration: 2, desired: 5000, updated: 12, ready: 11, available: 10, maxUnavailable: 1, stallSeconds: 600, giveUpAt: '2026-01-01T00:10:00Z' };
    const ds = { title: 'Guaranteed QoS', target: { kind: 'DaemonSet' as const, namespace: 'kube-system', name: 'kube-multus-ds' }, rollout };
    expect(operationHeadline({ ...ds, state: 'verifying' }).text).toBe('Applied; rolling out (12 of 5000 updated, 10 available): Guaranteed QoS on kube-multus-ds…');
    expect(operationHeadline({ ...ds, state: 'verifying', rollout: { ...rollout, phase: 'not-observed' } }).text).toMatch(/waiting for the DaemonSet controller/);
    expect(operationHeadline({ ...ds, state: 'timed-out' }).text).toMatch(/^Not verified: the rollout stopped progressing at 12 of 5000 updated, 10 available/);
    for (const state of ['running', 'verifying', 'failed', 'timed-out'] as const) expect(operationHeadline({ ...ds, state }).text).not.toMatch(/done|(?<!not )verified/i);
  });
});

describe('bare pod choices', () => {
  const skipped = [
    { what: 'shop/cart-1', why: 'a bare pod with no controller: deleting it loses it', choosable: true },
    { what: 'kube-system/ebs-csi-node-x', why: 'a DaemonSet pod: it would be recreated' },
  ];
  it('offers bare pods of delete-stuck-pods only', () => {
    expect(isChoosableBarePod('delete-stuck-pods', skipped[0]!)).toBe(true);
    expect(isChoosableBarePod('delete-stuck-pods', skipped[1]!)).toBe(false);
    expect(isChoosableBarePod('restart-multus-pod', skipped[0]!)).toBe(false);
  });
  it('keeps chosen pods on offer after they moved into the calls', () => {
    expect(barePodChoices({ action: 'delete-stuck-pods', skipped }, ['shop/a'])).toEqual(['shop/a', 'shop/cart-1']);
  });
  it('toggles one by one', () => {
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });
});

describe('dialog in the URL', () => {
  it('sets and clears its own parameters and keeps the others', () => {
    expect(withDialogParams('?verdict=broken', { remediate: 'cordon-node' })).toBe('?verdict=broken&remediate=cordon-node');
    expect(withDialogParams('?verdict=broken&remediate=x&op=1', {})).toBe('?verdict=broken');
    expect(withDialogParams('', {})).toBe('');
  });
  it('opens only actions the list offers, and only well-formed operation ids', () => {
    const actions = [{ id: 'cordon-node', kind: 'action' as const }, { id: 'upgrade-multus', kind: 'advice' as const }];
    expect(dialogFromSearch(new URLSearchParams('remediate=cordon-node&op=abc-1'), actions)).toEqual({ action: 'cordon-node', op: 'abc-1' });
    expect(dialogFromSearch(new URLSearchParams('remediate=cordon-node&op=<x>'), actions)).toEqual({ action: 'cordon-node' });
    expect(dialogFromSearch(new URLSearchParams('remediate=repair-node-cni-config&op=abc-1'), [])).toEqual({ action: 'repair-node-cni-config', op: 'abc-1' });
    expect(dialogFromSearch(new URLSearchParams('remediate=<x>&op=abc-1'), actions)).toBeNull();
    expect(dialogFromSearch(new URLSearchParams('remediate=upgrade-multus'), actions)).toBeNull();
    expect(dialogFromSearch(new URLSearchParams('remediate=rm-rf'), actions)).toBeNull();
    expect(confirmMatches(undefined, 'anything')).toBe(true);
  });
});
