/**
 * Drift needs a sound majority: in a bundle (or pool) where most nodes share
 * a broken config, the one healthy node is not "the odd one out".
 */
import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '@/lib/health/offline';
import { corpusCase } from '@/lib/testing/corpus-case';
import { T0 } from '@/lib/testing/models';

const node = (name: string, caseId: string) => ({ ...corpusCase(caseId).node, name });

describe('config-drift against a broken majority', () => {
  it('does not flag the healthy node when the majority runs istio-cni twice', () => {
    const report = analyzeBundle([node('a', 'istio-cni-appended-twice'), node('b', 'istio-cni-appended-twice'), node('c', 'healthy-azure-cni')], T0);
    expect(report.nodes.find((n) => n.node === 'c')).toMatchObject({ verdict: 'healthy', findings: [] });
    expect(report.nodes.filter((n) => n.verdict === 'broken').map((n) => n.node)).toEqual(['a', 'b']);
  });

  it('still flags the odd one out of a healthy majority', () => {
    const report = analyzeBundle([node('a', 'healthy-azure-cni'), node('b', 'healthy-azure-cni'), node('c', 'istio-cni-appended-twice')], T0);
    expect(report.nodes.find((n) => n.node === 'c')!.findings.map((f) => f.ruleId)).toContain('config-drift');
    expect(report.nodes.filter((n) => n.verdict === 'healthy').map((n) => n.node)).toEqual(['a', 'b']);
  });
});
