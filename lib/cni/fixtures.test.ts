import { describe, expect, it } from 'vitest';
import { analyzeBundle } from '@/lib/health/offline';
import { aFile, T0 } from '@/lib/testing/models';
import { BROKEN } from './fixtures/broken';
import { HEALTHY } from './fixtures/healthy';
import type { ConfigFixture } from './fixtures/types';

function analyse(f: ConfigFixture) {
  const files = Object.entries(f.files).map(([name, content]) => ({ ...aFile(name, content), ...(f.modified?.[name] ? { modifiedAt: f.modified[name] } : {}) }));
  const report = analyzeBundle([{ name: f.id, confDir: '/etc/cni/net.d', files, binaries: f.binaries, probes: f.probes }], T0);
  return report.nodes[0]!;
}

describe('healthy real-world configs', () => {
  it.each(HEALTHY.map((f) => [f.id, f] as const))('%s: healthy, no error or warning', (_id, f) => {
    const node = analyse(f);
    expect(node.findings.filter((x) => x.severity !== 'info')).toEqual([]);
    expect(node.verdict).toBe('healthy');
    expect(node.effectiveConfig).toBeDefined();
  });

  it('covers every CNI the issue names', () => {
    expect(new Set(HEALTHY.map((f) => f.cni))).toEqual(new Set(['aws-vpc-cni', 'calico', 'canal', 'cilium', 'flannel', 'ovn-kubernetes', 'antrea', 'weave', 'multus']));
  });
});

describe('broken real-world configs', () => {
  it.each(BROKEN.map((f) => [f.id, f] as const))('%s: flagged with the right rule', (_id, f) => {
    const node = analyse(f);
    const raised = node.findings.filter((x) => x.severity !== 'info').map((x) => x.ruleId);
    for (const id of f.expect ?? []) expect(raised).toContain(id);
    expect(node.verdict === 'broken' || node.verdict === 'degraded').toBe(true);
  });

  it('points invalid JSON at its line and column', () => {
    const fixture = BROKEN.find((f) => f.id === 'aws-hand-edited-invalid')!;
    const text = fixture.files['10-aws.conflist']!;
    // The parser stops at the '}' that follows the stray comma.
    const at = text.indexOf('}', text.indexOf('"snat": true,'));
    const lines = text.slice(0, at).split('\n');
    const f = analyse(fixture).findings.find((x) => x.ruleId === 'cni-config-invalid-json')!;
    expect(f.evidence[0]).toMatchObject({ file: '10-aws.conflist', line: lines.length, column: lines[lines.length - 1]!.length + 1 });
  });

  it('puts the self-nesting first, with the JSON path of the nested config', () => {
    const node = analyse(BROKEN.find((f) => f.id === 'multus-self-nested')!);
    expect(node.findings[0]).toMatchObject({ ruleId: 'multus-nested-delegates', severity: 'error', evidence: [{ file: '00-multus.conf', jsonPath: '$.delegates[0]' }] });
  });
});
