import { describe, expect, it } from 'vitest';
import type { DiffSideView, DiffView } from '@/lib/api/diff';
import { diffMarkdown } from './markdown';

const sideOf = (node: string, over: Partial<DiffSideView> = {}): DiffSideView => ({
  node, pool: 'general-v3', zone: 'eu-west-1a', verdict: 'healthy', revision: 2, latestRevision: 2, latestObservedAt: '2026-11-26T12:00:00Z', behind: false, findings: [], ...over,
});

const view: DiffView = {
  generatedAt: '2026-11-26T12:00:00Z',
  base: sideOf('ip-10-0-1-17'),
  target: sideOf('ip-10-0-4-201', {
    verdict: 'broken', revision: 3, latestRevision: 4, behind: true,
    findings: [{ ruleId: 'multus-nested-delegates', severity: 'error', title: '00-multus.conf wraps a Multus config inside itself', explanation: '', evidence: [], remediations: [] }],
  }),
  choice: { reason: 'largest-variant-in-pool', description: 'compared with ip-10-0-1-17, a healthy node' },
  ignoreNodeSpecific: true,
  files: [
    { file: '00-multus.conf', status: 'changed', json: true, changes: [{ op: 'add', path: '$.delegates[0]' }], summary: ['added delegates[0] (aws-cni)'], hiddenChanges: 0, unified: '' },
    { file: '10-aws.conflist', status: 'unchanged', json: true, changes: [], summary: [], hiddenChanges: 1, unified: '' },
  ],
};

describe('diffMarkdown', () => {
  it('names nodes (base first, as the panes show them), revisions, verdicts, the changes in words, the finding and the link', () => {
    const md = diffMarkdown(view, 'http://x/diff?base=a');
    expect(md).toContain('- Target: `ip-10-0-4-201` (pool general-v3, eu-west-1a), revision 3 (now at 4), verdict now **broken**');
    expect(md).toContain('- Base: `ip-10-0-1-17` (pool general-v3, eu-west-1a), revision 2, verdict now **healthy**');
    expect(md).toContain('- `00-multus.conf`: added delegates[0] (aws-cni)');
    expect(md.startsWith('**CNI config diff: `ip-10-0-1-17` (base) → `ip-10-0-4-201`**')).toBe(true);
    expect(md.indexOf('- Base:')).toBeLessThan(md.indexOf('- Target:'));
    expect(md).not.toContain('10-aws.conflist');
    expect(md).toContain('Main finding on `ip-10-0-4-201`: `multus-nested-delegates` 00-multus.conf wraps');
    expect(md.endsWith('Link: http://x/diff?base=a')).toBe(true);
  });

  it('says when there is nothing to report', () => {
    const md = diffMarkdown({ ...view, choice: undefined, target: sideOf('t'), files: [view.files[1]!] }, 'l');
    expect(md).toContain('No differences (node-specific values ignored).');
    expect(md).toContain('No findings on `t` at revision 2.');
  });
});
