/**
 * Foreign configs that win (issue 15, class 2), with the reports they come
 * from; the healthy counterparts (the same files sorting behind the real
 * config, or renamed away) must stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCorpusCase, raised } from '@/lib/testing/corpus-case';

describe('cni-foreign-config', () => {
  // https://github.com/flannel-io/flannel/issues/1437 (10-containerd-net.conflist sorts before 10-flannel.conflist)
  it('is an error when containerd\'s example bridge is used instead of the cluster CNI', () => {
    const report = analyzeCorpusCase('containerd-net-wins-over-flannel');
    const [f, ...more] = raised(report, 'cni-foreign-config');
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', title: '10-containerd-net.conflist (installed by containerd) is used instead of 10-flannel.conflist', explanation: expect.stringContaining('10.88.0.0/16') });
    // One finding for one cause: the generic leftover rule leaves it to this one.
    expect(raised(report, 'effective-config-unexpected')).toEqual([]);
  });

  // https://github.com/projectcalico/calico/issues/8869 (pods got 10.88.0.x before calico wrote its config)
  it('warns when the only usable config is a container engine\'s bridge', () => {
    expect(raised(analyzeCorpusCase('containerd-net-only-before-calico'), 'cni-foreign-config')).toMatchObject([{ severity: 'warning' }]);
  });

  // https://github.com/containers/podman/issues/4908 (the podman file) + Multus auto-generation wrapping the first config
  it('sees through Multus: its default network is podman\'s bridge', () => {
    const [f] = raised(analyzeCorpusCase('multus-wrapped-podman-bridge'), 'cni-foreign-config');
    expect(f).toMatchObject({ severity: 'error', title: expect.stringContaining('(00-multus.conf)') });
    expect(f!.remediations).toEqual(['remove-leftover-cni-config']);
  });

  // Behind the real config the same podman file is harmless today: info, never a verdict change.
  it('notes a foreign config sorting after the real one as info only', () => {
    const report = analyzeCorpusCase('healthy-podman-bridge-after-calico');
    expect(report.findings.filter((f) => f.ruleId === 'cni-foreign-config').map((f) => f.severity)).toEqual(['info']);
    expect(report.verdict).toBe('healthy');
  });

  // https://github.com/containerd/containerd/issues/9171 (Cilium renamed it to .cilium_bak, which libcni ignores);
  // https://github.com/containerd/cri/pull/724 (GKE's real ptp network under containerd's example file name)
  it.each(['healthy-cilium-with-containerd-bak', 'healthy-kube-router', 'healthy-k3s-flannel', 'healthy-gke-ptp', 'healthy-kind-kindnet'])('stays quiet on %s', (id) => {
    expect(analyzeCorpusCase(id).findings.filter((f) => f.ruleId === 'cni-foreign-config')).toEqual([]);
  });
});

describe('effective-config-unexpected, proven by the dead agent of the winning CNI', () => {
  // https://github.com/kubernetes/kubernetes/issues/87884 (Cilium removed, its config left first: "unable to connect to Cilium daemon")
  it('is an error without fleet or file times when sandbox failures say the winner\'s agent is gone', () => {
    const [f] = raised(analyzeCorpusCase('cilium-leftover-after-calico'), 'effective-config-unexpected');
    expect(f).toMatchObject({ severity: 'error', explanation: expect.stringContaining("cilium's agent is not running") });
  });

  // https://github.com/kubernetes-retired/bootkube/issues/698 (calico policy removed, its config sorts before flannel's)
  it('reads Calico\'s "stat /var/lib/calico/nodename" the same way', () => {
    expect(raised(analyzeCorpusCase('calico-policy-leftover-before-flannel'), 'effective-config-unexpected')).toMatchObject([{ severity: 'error' }]);
  });
});
