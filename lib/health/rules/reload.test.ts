/**
 * Config (re)load failures (issue 15, class 3): containerd's messages
 * judged against the directory as it is now.
 */
import { describe, expect, it } from 'vitest';
import { classifyRuntimeMessage } from '@/lib/cni/runtime-messages';
import { analyzeBundle } from '@/lib/health/offline';
import { aFile, T0 } from '@/lib/testing/models';
import { analyzeCorpusCase, raised } from '@/lib/testing/corpus-case';

describe('classifyRuntimeMessage', () => {
  // https://github.com/containerd/containerd/issues/8662
  it('reads a reload that hit a half-written file, and which file', () => {
    const m = 'level=error msg="failed to reload cni configuration after receiving fs change event(\\"/etc/cni/net.d/10-calico.conflist\\": WRITE)" error="cni config load failed: failed to load CNI config list file /etc/cni/net.d/10-calico.conflist: error parsing configuration list: unexpected end of JSON input: invalid cni config: failed to load cni config"';
    expect(classifyRuntimeMessage(m)).toMatchObject({ kind: 'parse-error', file: '10-calico.conflist' });
  });

  // https://github.com/tigera/operator/issues/2365: the event names calico-kubeconfig, the failure names the conflist
  it('takes the file that failed to load over the one whose change triggered the reload', () => {
    const m = 'failed to reload cni configuration after receiving fs change event(\\"/etc/cni/net.d/calico-kubeconfig\\": WRITE)" error="cni config load failed: failed to load CNI config list file /etc/cni/net.d/10-calico.conflist: error parsing configuration list: unexpected end of JSON input';
    expect(classifyRuntimeMessage(m)?.file).toBe('10-calico.conflist');
  });

  // https://github.com/NVIDIA/nvidia-container-toolkit/issues/104: logged at every containerd start
  it('ignores the boot-time "failed to load cni during init" line', () => {
    expect(classifyRuntimeMessage('level=error msg="failed to load cni during init, please check CRI plugin status before setting up network for pods" error="cni config load failed: no network config found in /etc/cni/net.d: cni plugin not initialized: failed to load cni config"')).toBeUndefined();
  });

  it('leaves sandbox failures of a working runtime to the signature catalogue', () => {
    expect(classifyRuntimeMessage('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "x": plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory')).toBeUndefined();
  });
});

describe('cni-config-reload-failed', () => {
  // https://github.com/containerd/containerd/issues/8662 and https://github.com/tigera/operator/issues/2365
  it.each(['calico-conflist-read-half-written', 'calico-kubeconfig-write-reload'])('%s: transient, a warning that says so and what to watch', (id) => {
    const report = analyzeCorpusCase(id);
    const [f, ...more] = raised(report, 'cni-config-reload-failed');
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: 'warning', title: expect.stringContaining('(transient)'), explanation: expect.stringMatching(/transient[\s\S]*crictl info[\s\S]*atomically/) });
    expect(report.verdict).toBe('degraded');
  });

  // https://github.com/containerd/containerd/issues/11715 (RENAME failed, CREATE ignored: not initialized with a valid file)
  it('is an error when the runtime reports no config while a valid one is there', () => {
    const [f] = raised(analyzeCorpusCase('config-moved-in-not-reloaded'), 'cni-config-reload-failed');
    expect(f).toMatchObject({ severity: 'error', title: 'The runtime reports no CNI config, yet nmx.conflist is valid' });
    expect(f!.evidence.at(-1)).toEqual({ file: 'nmx.conflist', message: 'loads now' });
  });

  // https://github.com/istio/istio/issues/33971, https://github.com/kubernetes/kubernetes/issues/55599
  it.each(['cilium-istio-rewrite-not-reloaded', 'calico-conflist-not-loaded-by-kubelet'])('%s: missed change, an error', (id) => {
    expect(raised(analyzeCorpusCase(id), 'cni-config-reload-failed')).toMatchObject([{ severity: 'error' }]);
  });

  it('leaves an empty directory to cni-config-missing', () => {
    expect(raised(analyzeCorpusCase('empty-conf-dir'), 'cni-config-reload-failed')).toEqual([]);
  });

  it.each(['healthy-calico-boot-cni-init-line', 'healthy-calico'])('stays quiet on %s', (id) => {
    const report = analyzeCorpusCase(id);
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe('healthy');
  });
});

describe('cni-version-unsupported from the plugin\'s answer', () => {
  // https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/troubleshooting-cni-plugin-related-errors/
  it('explains a version the config file does not ask for as the runtime\'s own loopback config', () => {
    const [f] = raised(analyzeCorpusCase('cni-version-newer-than-plugins'), 'cni-version-unsupported');
    expect(f).toMatchObject({ severity: 'error', title: 'A plugin does not support cniVersion 1.0.0', explanation: expect.stringContaining('containerd 1.6.0-1.6.3') });
    expect(f!.explanation).toContain('0.4.0');
  });

  // https://github.com/containerd/containerd/issues/6876: the config file asks for 1.0.0, the bridge binary is older
  it('points at the config file and the plugin when the file asks for more than the binary supports', () => {
    const conf = JSON.stringify({ cniVersion: '1.0.0', name: 'k8s', plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: 'usePodCidr' } }] });
    const message = 'failed to call cni.Setup: plugin type=\\"bridge\\" failed (add): incompatible CNI versions; config is \\"1.0.0\\", plugin supports [\\"0.1.0\\" \\"0.2.0\\" \\"0.3.0\\" \\"0.3.1\\" \\"0.4.0\\"]';
    const node = analyzeBundle([{ name: 'n', confDir: '/etc/cni/net.d', files: [aFile('10-bridge.conflist', conf)], messages: [message] }], T0).nodes[0]!;
    const [f] = raised(node, 'cni-version-unsupported');
    expect(f).toMatchObject({ severity: 'error', title: 'Plugin "bridge" does not support cniVersion 1.0.0', explanation: expect.stringContaining('upgrade the plugin binaries') });
    expect(f!.evidence[1]).toEqual({ file: '10-bridge.conflist', jsonPath: '$.cniVersion', message: 'cniVersion: "1.0.0"' });
  });

  // https://kubernetes.io/docs/tasks/administer-cluster/migrating-from-dockershim/troubleshooting-cni-plugin-related-errors/ ("Failed to destroy network for sandbox")
  it('reads "invalid version \\"\\": the version is empty" as a config without cniVersion that pods cannot be torn down with', () => {
    const [f] = raised(analyzeCorpusCase('cni-config-without-version-teardown'), 'cni-version-unsupported');
    expect(f).toMatchObject({ severity: 'error', title: 'Pods cannot be torn down: 10-calico.conf declares no cniVersion' });
    expect(f!.evidence[1]).toEqual({ file: '10-calico.conf', jsonPath: '$.cniVersion', message: 'no cniVersion' });
  });

  it('leaves configs without cniVersion alone when nothing failed (older healthy configs omit it)', () => {
    const conf = { name: 'cbr0', type: 'flannel', delegate: { isDefaultGateway: true } };
    const node = analyzeBundle([{ name: 'n', confDir: '/etc/cni/net.d', files: [aFile('10-flannel.conf', conf)] }], T0).nodes[0]!;
    expect(node.findings).toEqual([]);
  });
});
