/**
 * Plugin chain integrity (issue 15, class 1). Each broken case is a corpus
 * case with its report linked here; each has a healthy counterpart that must
 * stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCorpusCase, raised } from '@/lib/testing/corpus-case';

describe('cni-chain-duplicate-plugin', () => {
  // https://github.com/istio/istio/pull/28258 (istio-cni appended on every reboot; iptables-restore failed)
  it('flags istio-cni twice in the effective conflist as an error, with both JSON paths', () => {
    const [f, ...more] = raised(analyzeCorpusCase('istio-cni-appended-twice'), 'cni-chain-duplicate-plugin');
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', title: expect.stringContaining('"istio-cni" 2 times') });
    expect(f!.evidence.map((e) => e.jsonPath)).toEqual(['$.plugins[2].type', '$.plugins[3].type']);
  });

  // https://github.com/istio/istio/issues/33971 (the working file), https://github.com/linkerd/linkerd2/issues/4789
  it.each(['healthy-istio-cni-chained-cilium', 'healthy-linkerd-cni-chained-calico', 'healthy-calico', 'healthy-cilium-chaining-aws'])('stays quiet on %s', (id) => {
    expect(raised(analyzeCorpusCase(id), 'cni-chain-duplicate-plugin')).toEqual([]);
  });
});

describe('cni-chain-no-main-plugin', () => {
  // https://github.com/istio/cni/issues/85 (conflist rewritten with only istio-cni)
  it('flags a conflist holding only a mesh plugin', () => {
    const [f] = raised(analyzeCorpusCase('istio-cni-lost-primary'), 'cni-chain-no-main-plugin');
    expect(f).toMatchObject({ severity: 'error', evidence: [{ file: '10-calico.conflist', jsonPath: '$.plugins[0].type' }] });
    expect(f!.remediations).toContain('restart-primary-cni-pod');
  });

  // https://github.com/linkerd/linkerd2/issues/10738 (01-linkerd-cni.conf in "interface" mode sorts first)
  it('flags a standalone chained plugin sorting before the primary, with the sandbox failure beside it', () => {
    const report = analyzeCorpusCase('linkerd-cni-interface-mode-first');
    expect(report.effectiveConfig).toBe('01-linkerd-cni.conf');
    expect(raised(report, 'cni-chain-no-main-plugin')[0]).toMatchObject({ severity: 'error', evidence: [{ file: '01-linkerd-cni.conf', jsonPath: '$.type' }] });
    // One finding for the cause: linkerd-cni is not "another CNI's leftover".
    expect(raised(report, 'effective-config-unexpected')).toEqual([]);
    expect(report.verdict).toBe('broken');
  });

  // https://docs.cilium.io/en/stable/installation/cni-chaining-aws-cni/: cilium-cni after aws-cni is chaining, not a lost main plugin
  it.each(['healthy-cilium-chaining-aws', 'healthy-cilium-1-14', 'healthy-aws-vpc-cni', 'healthy-multus-thin-eks', 'healthy-openshift-multus-ovn'])('stays quiet on %s', (id) => {
    expect(raised(analyzeCorpusCase(id), 'cni-chain-no-main-plugin')).toEqual([]);
  });
});

describe('cni-config-wrong-format', () => {
  // https://github.com/containerd/containerd/issues/11076 ("error parsing configuration: missing 'type'")
  it('names a plugin list saved as .conf, once, instead of the generic no-type finding', () => {
    const report = analyzeCorpusCase('conflist-in-conf-file');
    expect(raised(report, 'cni-config-wrong-format')).toMatchObject([{ severity: 'error', title: expect.stringContaining('plugin list'), explanation: expect.stringContaining('10-test-dummy.conflist') }]);
    expect(raised(report, 'cni-config-no-type')).toEqual([]);
  });

  // https://github.com/istio/cni/issues/3 (plugins inserted into a single-plugin .conf are never run)
  it('warns about a plugins list inside a .conf, without calling the chain broken', () => {
    const report = analyzeCorpusCase('istio-cni-in-single-conf');
    expect(raised(report, 'cni-config-wrong-format')).toMatchObject([{ severity: 'warning', evidence: [{ file: '10-bridge.conf', jsonPath: '$.plugins' }] }]);
    expect(raised(report, 'cni-chain-no-main-plugin')).toEqual([]);
    expect(report.verdict).toBe('degraded');
  });

  // https://github.com/linkerd/linkerd2/issues/9343 (05-cilium.conf left beside the chained 05-cilium.conflist)
  it('warns when a .conf shadows the conflist of the same name and names what is skipped', () => {
    const [f] = raised(analyzeCorpusCase('linkerd-conf-shadows-conflist'), 'cni-config-wrong-format');
    expect(f).toMatchObject({ severity: 'warning', title: '05-cilium.conf shadows 05-cilium.conflist', explanation: expect.stringContaining('linkerd-cni') });
  });

  it.each(['healthy-cilium', 'healthy-ovn-kubernetes', 'healthy-multus-thick-flannel'])('stays quiet on %s', (id) => {
    expect(raised(analyzeCorpusCase(id), 'cni-config-wrong-format')).toEqual([]);
  });
});
