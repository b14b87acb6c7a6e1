import { describe, expect, it } from 'vitest';
import type { BulkOperationView, BulkPreviewView } from '@/lib/api/bulk';
import { bulkApplyDisabledReason, bulkDialogFromSearch, bulkHeadline, withBulkParams } from './bulk-flow';

const preview: BulkPreviewView = {
  ruleId: 'multus-nested-delegates', findingTitle: 'nested', action: 'repair-node-cni-config', title: 'Repair', description: '',
  nodes: [], excluded: [], warnings: [], permission: { allowed: true, checks: [] }, confirmText: '100', concurrency: 5,
  previewId: 'A'.repeat(22), canApply: true,
};

describe('bulkApplyDisabledReason', () => {
  it('asks for the number of nodes, exactly', () => {
    expect(bulkApplyDisabledReason(preview, '')).toBe('Type 100 (the number of nodes) to confirm.');
    expect(bulkApplyDisabledReason(preview, '10')).not.toBeNull();
    expect(bulkApplyDisabledReason(preview, '100')).toBeNull();
  });

  it('says why when the user may not, or the server recorded nothing', () => {
    expect(bulkApplyDisabledReason({ ...preview, permission: { allowed: false, reason: 'viewer may not delete pods', checks: [] } }, '100')).toBe('viewer may not delete pods');
    expect(bulkApplyDisabledReason({ ...preview, previewId: undefined }, '100')).toMatch(/no record/);
  });
});

describe('bulkHeadline', () => {
  const op = (state: BulkOperationView['state'], verified: number, failed = 0, skipped = 0): Pick<BulkOperationView, 'state' | 'counts' | 'title' | 'nodes'> => ({
    state, title: 'Repair', nodes: Array.from({ length: 4 }, (_, i) => ({ node: `n${i}`, state: 'queued' as const })),
    counts: { queued: 4 - verified - failed - skipped, running: 0, verified, failed, skipped },
  });
  it('is success only when every node was verified', () => {
    expect(bulkHeadline(op('done', 4))).toEqual({ tone: 'ok', text: 'Done and verified: all 4 nodes.' });
    expect(bulkHeadline(op('done', 3, 0, 1)).tone).toBe('bad');
    expect(bulkHeadline(op('stopped', 2, 1, 1)).text).toContain('failed to recover');
  });
});

describe('bulk dialog URL', () => {
  it('round-trips and keeps other parameters', () => {
    const s = withBulkParams('?verdict=broken', { rule: 'multus-nested-delegates', action: 'repair-node-cni-config' });
    expect(bulkDialogFromSearch(new URLSearchParams(s))).toEqual({ rule: 'multus-nested-delegates', action: 'repair-node-cni-config' });
    expect(new URLSearchParams(s).get('verdict')).toBe('broken');
    const id = '0b8e3c1e-1111-4222-8333-444455556666';
    expect(bulkDialogFromSearch(new URLSearchParams(withBulkParams(s, { op: id })))).toMatchObject({ op: id });
    expect(withBulkParams(s, {})).toBe('?verdict=broken');
    expect(bulkDialogFromSearch(new URLSearchParams('?bulk=<script>'))).toBeNull();
  });
});
