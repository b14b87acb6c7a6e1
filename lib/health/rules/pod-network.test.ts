/**
 * pod-ip-outside-pod-network: the symptom of a foreign config that won for a
 * while (issue 15, class 2). The corpus cases (containerd/containerd#9171,
 * projectcalico/calico#8869) run through the cluster path in
 * demo/corpus-scenario.test.ts; here, the boundaries of the two checks.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { aFile, aNode, aPod, aSnapshot, AWS_CONFLIST, T0 } from '@/lib/testing/models';
import type { NodeModel } from '@/lib/model/node';
import type { PodModel } from '@/lib/model/pod';
import type { SnapshotFile } from '@/lib/cni/snapshot';

const FLANNEL = { name: 'cbr0', cniVersion: '0.3.1', plugins: [{ type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } }, { type: 'portmap', capabilities: { portMappings: true } }] };
const CALICO = { name: 'k8s-pod-network', cniVersion: '0.3.1', plugins: [{ type: 'calico', datastore_type: 'kubernetes', ipam: { type: 'calico-ipam' }, policy: { type: 'k8s' } }] };
// containerd's example config (script/setup/install-cni), as in https://github.com/containerd/containerd/issues/9171
const CONTAINERD_NET = { cniVersion: '1.0.0', name: 'containerd-net', plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }] };

function findingsOf(node: NodeModel, files: SnapshotFile[], pods: PodModel[]) {
  const d = diagnoseCluster({ nodes: [node], pods, events: [], snapshots: [aSnapshot(node.name, files)], now: T0 }).nodes[0]!;
  return d.findings.filter((f) => f.ruleId === 'pod-ip-outside-pod-network');
}

describe('pod-ip-outside-pod-network', () => {
  const flannelNode = aNode('w1', { podCIDRs: ['10.244.1.0/24'] });

  it('flags pods outside the node\'s podCIDR when the CNI allocates from it (flannel), naming pod and address', () => {
    const found = findingsOf(flannelNode, [aFile('10-flannel.conflist', FLANNEL)], [aPod('web-1', 'w1', { podIP: '10.244.0.2' }), aPod('web-2', 'w1', { podIP: '10.244.1.9' })]);
    expect(found).toMatchObject([{ severity: 'warning', title: '1 pod on this node has an address outside the pod network', evidence: [{ pod: 'shop/web-1', message: '10.244.0.2 is outside the node\'s podCIDR 10.244.1.0/24' }] }]);
  });

  it('never judges hostNetwork pods, which carry the node\'s own address', () => {
    expect(findingsOf(flannelNode, [aFile('10-flannel.conflist', FLANNEL)], [aPod('kube-flannel-ds-x', 'w1', { podIP: '192.168.122.154', hostNetwork: true })])).toEqual([]);
  });

  it('says nothing about podCIDR for CNIs with their own pools (Calico IPAM, AWS VPC CNI)', () => {
    const node = aNode('w2', { podCIDRs: ['10.244.2.0/24'] });
    expect(findingsOf(node, [aFile('10-calico.conflist', CALICO)], [aPod('web-3', 'w2', { podIP: '172.16.91.4' })])).toEqual([]);
    expect(findingsOf(node, [aFile('10-aws.conflist', AWS_CONFLIST)], [aPod('web-4', 'w2', { podIP: '10.88.3.4' })])).toEqual([]);
  });

  it('flags pods in the range of an engine\'s default network whose config is here, even as a backup', () => {
    const node = aNode('w3');
    const cilium = { cniVersion: '0.3.1', name: 'cilium', plugins: [{ type: 'cilium-cni' }] };
    const found = findingsOf(node, [aFile('05-cilium.conflist', cilium), aFile('10-containerd-net.conflist.cilium_bak', CONTAINERD_NET)], [aPod('hubble-ui-1', 'w3', { podIP: '10.88.0.2' }), aPod('coredns-1', 'w3', { podIP: '10.22.1.17' })]);
    expect(found).toMatchObject([{ evidence: [{ pod: 'shop/hubble-ui-1', file: '10-containerd-net.conflist.cilium_bak', message: '10.88.0.2 is in containerd\'s 10.88.0.0/16 (10-containerd-net.conflist.cilium_bak)' }] }]);
  });

  it('without such a config, an address in 10.88.0.0/16 is just an address (a VPC may use that range)', () => {
    expect(findingsOf(aNode('w4'), [aFile('10-calico.conflist', CALICO)], [aPod('web-5', 'w4', { podIP: '10.88.0.7' })])).toEqual([]);
  });
});
