/**
 * Expired CNI API tokens. Sources: https://github.com/k8snetworkplumbingwg/multus-cni/issues/852 and
 * https://github.com/spidernet-io/spiderpool/issues/2182 (Multus kubeconfig token expired: "error getting pod:
 * Unauthorized"), https://github.com/rancher/rke2/issues/9313 (a 1-hour token never refreshed),
 * https://github.com/projectcalico/calico/blob/master/node/pkg/cni/token_watch.go (Calico: 24 h tokens, renewed
 * with a quarter left; the healthy counterpart).
 */
import { describe, expect, it } from 'vitest';
import { diagnoseNode } from '@/lib/health/diagnose';
import { T0, aFile, aNode, aSnapshot, AWS_CONFLIST, multusConf } from '@/lib/testing/models';
import type { TokenClaims } from '@/lib/cni/token-claims';

const KUBECONFIG = '/etc/cni/net.d/multus.d/multus.kubeconfig';
const CALICO = {
  name: 'k8s-pod-network', cniVersion: '0.3.1',
  plugins: [
    { type: 'calico', log_level: 'info', datastore_type: 'kubernetes', nodename: 'worker-1', mtu: 0, ipam: { type: 'calico-ipam' }, policy: { type: 'k8s' }, kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' } },
    { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
  ],
};
const BINARIES = ['aws-cni', 'bandwidth', 'calico', 'calico-ipam', 'egress-cni', 'host-local', 'loopback', 'multus', 'portmap'];
const s = (ms: number): number => Math.floor(ms / 1000);

function run(files: ReturnType<typeof aFile>[], path: string, token: TokenClaims | undefined) {
  const snapshot = aSnapshot('n1', files, { binaries: BINARIES, probes: [{ path, exists: true, ...(token ? { token } : {}) }] });
  return diagnoseNode({ node: aNode('n1'), snapshot, stuck: [], now: T0 });
}

const multusFiles = [aFile('00-multus.conf', multusConf(AWS_CONFLIST)), aFile('10-aws.conflist', AWS_CONFLIST)];

describe('cni-kubeconfig-token-expired', () => {
  it('breaks a Multus node whose kubeconfig token has expired, saying when, and offers a Multus restart', () => {
    const d = run(multusFiles, KUBECONFIG, { exp: s(T0 - 3_600_000), iat: s(T0 - 7_200_000), aud: ['https://kubernetes.default.svc.cluster.local'] });
    const f = d.findings.find((x) => x.ruleId === 'cni-kubeconfig-token-expired')!;
    expect(f).toMatchObject({ severity: 'error', title: 'Multus\'s API token on this node has expired', remediations: ['restart-multus-pod'] });
    expect(f.evidence).toEqual([{ file: '00-multus.conf', jsonPath: '$.kubeconfig', message: `${KUBECONFIG}: token expired`, at: new Date(s(T0 - 3_600_000) * 1000).toISOString() }]);
    expect(d.verdict).toBe('broken');
  });

  it('warns when a 1-hour token is in its last tenth and not renewed (rke2#9313)', () => {
    const d = run(multusFiles, KUBECONFIG, { exp: s(T0 + 5 * 60_000), iat: s(T0 - 55 * 60_000) });
    expect(d.findings.find((x) => x.ruleId === 'cni-kubeconfig-token-expired')).toMatchObject({ severity: 'warning', title: 'Multus\'s API token on this node expires in 5 minutes' });
    expect(d.verdict).toBe('degraded');
  });

  it('names Calico and its agent for calico-kubeconfig', () => {
    const d = run([aFile('10-calico.conflist', CALICO)], '/etc/cni/net.d/calico-kubeconfig', { exp: s(T0 - 60_000), iat: s(T0 - 86_460_000) });
    expect(d.findings.find((x) => x.ruleId === 'cni-kubeconfig-token-expired')).toMatchObject({ title: 'Calico\'s API token on this node has expired', remediations: ['restart-primary-cni-pod'], evidence: [{ jsonPath: '$.plugins[0].kubernetes.kubeconfig' }] });
  });

  it('stays quiet on healthy nodes: a Calico token renewed on schedule, a year-long Multus token, a token without claims', () => {
    expect(run([aFile('10-calico.conflist', CALICO)], '/etc/cni/net.d/calico-kubeconfig', { exp: s(T0 + 7 * 3_600_000), iat: s(T0 - 17 * 3_600_000) }).verdict).toBe('healthy');
    expect(run(multusFiles, KUBECONFIG, { exp: s(T0 + 300 * 86_400_000), iat: s(T0 - 65 * 86_400_000) }).verdict).toBe('healthy');
    expect(run(multusFiles, KUBECONFIG, undefined).verdict).toBe('healthy');
  });

  it('judges only a kubeconfig the runtime\'s config uses', () => {
    const d = run([aFile('10-aws.conflist', AWS_CONFLIST)], KUBECONFIG, { exp: s(T0 - 60_000) });
    expect(d.findings.map((f) => f.ruleId)).not.toContain('cni-kubeconfig-token-expired');
  });
});
