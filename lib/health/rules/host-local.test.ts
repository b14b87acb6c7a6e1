/**
 * Leaked host-local reservations. Sources: https://github.com/cloudnativelabs/kube-router/issues/383 (a /24 of
 * files in /var/lib/cni/networks/kubernetes, new pods failing), https://github.com/containernetworking/plugins/issues/498
 * (files left behind), https://github.com/k3s-io/k3s/issues/5885 (fixed by removing /var/lib/cni/networks/cbr0).
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { T0, aFile, aNode, aPod, aSnapshot } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';

const KUBE_ROUTER = { cniVersion: '0.3.0', name: 'mynet', plugins: [{ name: 'kubernetes', type: 'bridge', bridge: 'kube-bridge', isDefaultGateway: true, ipam: { type: 'host-local' } }, { type: 'portmap', capabilities: { snat: true, portMappings: true } }] };
const BIN = ['bridge', 'host-local', 'loopback', 'portmap'];
const pods = (n: number): PodModel[] => Array.from({ length: n }, (_, i) => aPod(`web-${i}`, 'n1'));

function diagnose(v4: number, podCount: number, v6 = 0) {
  const snap = aSnapshot('n1', [aFile('10-kuberouter.conflist', KUBE_ROUTER)], { binaries: BIN, hostLocal: { dir: '/var/lib/cni/networks', networks: [{ name: 'kubernetes', v4, v6 }] } });
  return diagnoseCluster({ nodes: [aNode('n1')], pods: pods(podCount), events: [], snapshots: [snap], now: T0 }).nodes[0]!;
}

describe('host-local-addresses-leaked', () => {
  it('warns when the reservations far outnumber the pods on the node, with the counts and the directory', () => {
    const d = diagnose(254, 31);
    const f = d.findings.find((x) => x.ruleId === 'host-local-addresses-leaked')!;
    expect(f).toMatchObject({ severity: 'warning', title: 'host-local holds 254 addresses in kubernetes for 31 pods on this node' });
    expect(f.evidence).toEqual([{ message: '/var/lib/cni/networks/kubernetes: 254 IPv4 and 0 IPv6 reservation files; 31 pods on the node' }]);
    expect(f.explanation).toContain('/var/lib/cni/networks/kubernetes/');
    expect(d.verdict).toBe('degraded');
  });

  it('stays quiet on healthy nodes: one address per pod and family, a few stale files, no count collected', () => {
    expect(diagnose(31, 31, 31).verdict).toBe('healthy');
    expect(diagnose(40, 31).verdict).toBe('healthy');
    expect(diagnose(12, 4).verdict).toBe('healthy');
    const noCount = aSnapshot('n1', [aFile('10-kuberouter.conflist', KUBE_ROUTER)], { binaries: BIN });
    expect(diagnoseCluster({ nodes: [aNode('n1')], pods: pods(3), events: [], snapshots: [noCount], now: T0 }).nodes[0]!.verdict).toBe('healthy');
  });

  it('does not judge offline input, which carries no pods (a count of zero would call every file a leak)', () => {
    const snap = aSnapshot('n1', [aFile('10-kuberouter.conflist', KUBE_ROUTER)], { binaries: BIN, hostLocal: { dir: '/var/lib/cni/networks', networks: [{ name: 'kubernetes', v4: 254, v6: 0 }] } });
    const offline = diagnoseCluster({ nodes: [aNode('n1')], pods: [], events: [], snapshots: [snap], nodeMessages: new Map(), now: T0 }).nodes[0]!;
    expect(offline.findings.map((f) => f.ruleId)).not.toContain('host-local-addresses-leaked');
    const live = diagnoseCluster({ nodes: [aNode('n1')], pods: [], events: [], snapshots: [snap], now: T0 }).nodes[0]!;
    expect(live.findings.map((f) => f.ruleId)).toContain('host-local-addresses-leaked');
  });
});
