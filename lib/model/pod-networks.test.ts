import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATION_CHARS, MAX_NETWORK_ENTRIES, missingNetworks, NETWORK_STATUS_ANNOTATION, NETWORKS_ANNOTATION, readPodNetworks } from './pod-networks';

/** Verbatim from https://github.com/kubernetes-sigs/kubespray/issues/12002 (a pod Multus set up fully). */
const KUBESPRAY_STATUS = `[{
    "name": "cni0",
    "interface": "eth0",
    "ips": [
        "10.233.129.18"
    ],
    "mac": "fa:40:e1:44:b0:3b",
    "default": true,
    "dns": {},
    "gateway": [
        "10.233.129.1"
    ]
},{
    "name": "cluster1/macvlan-network-1",
    "interface": "net1",
    "ips": [
        "192.168.210.5"
    ],
    "mac": "42:44:59:7f:14:1c",
    "dns": {}
}]`;

describe('readPodNetworks', () => {
  it('keeps nothing for pods that ask for no network (the common case) and for host-network pods', () => {
    expect(readPodNetworks(undefined, 'a', false)).toBeUndefined();
    expect(readPodNetworks({ 'app.kubernetes.io/name': 'x' }, 'a', false)).toBeUndefined();
    expect(readPodNetworks({ [NETWORKS_ANNOTATION]: 'macvlan-conf' }, 'a', true)).toBeUndefined();
  });

  it('reads the short form with namespaces and interface names, defaulting to the pod namespace', () => {
    const n = readPodNetworks({ [NETWORKS_ANNOTATION]: 'macvlan-network-1, other/sriov@net2' }, 'cluster1', false)!;
    expect(n.requested).toEqual([{ name: 'cluster1/macvlan-network-1' }, { name: 'other/sriov', interface: 'net2' }]);
    expect(n.attached).toBeUndefined();
  });

  it('reads the JSON form and a full status: nothing missing (kubespray#12002)', () => {
    const n = readPodNetworks({ [NETWORKS_ANNOTATION]: '[{"name":"macvlan-network-1","interface":"net1"}]', [NETWORK_STATUS_ANNOTATION]: KUBESPRAY_STATUS }, 'cluster1', false)!;
    expect(n.attached).toEqual([{ name: 'cni0', interface: 'eth0', default: true }, { name: 'cluster1/macvlan-network-1', interface: 'net1' }]);
    expect(missingNetworks(n)).toEqual([]);
  });

  it('finds the networks a status lacks, and all of them without a status (multus-cni#1527)', () => {
    const defaultOnly = JSON.stringify([JSON.parse(KUBESPRAY_STATUS)[0]]);
    const partial = readPodNetworks({ [NETWORKS_ANNOTATION]: 'macvlan-network-1', [NETWORK_STATUS_ANNOTATION]: defaultOnly }, 'cluster1', false)!;
    expect(missingNetworks(partial)).toEqual([{ name: 'cluster1/macvlan-network-1' }]);
    const none = readPodNetworks({ [NETWORKS_ANNOTATION]: 'vlan20-macvlan' }, 'prod', false)!;
    expect(missingNetworks(none)).toEqual([{ name: 'prod/vlan20-macvlan' }]);
  });

  it('judges nothing about annotations it cannot read, and says why', () => {
    for (const bad of ['[{"name": 3}]', '[not json', 'a/b/c', 'x@y@z']) {
      const n = readPodNetworks({ [NETWORKS_ANNOTATION]: bad }, 'a', false)!;
      expect(n.error, bad).toBeDefined();
      expect(missingNetworks(n)).toEqual([]);
    }
    const badStatus = readPodNetworks({ [NETWORKS_ANNOTATION]: 'x', [NETWORK_STATUS_ANNOTATION]: '{"name":"x"}' }, 'a', false)!;
    expect(badStatus.error).toMatch(/not a list/);
  });

  it('bounds hostile annotations: text size, entry count and name length', () => {
    expect(readPodNetworks({ [NETWORKS_ANNOTATION]: 'a,'.repeat(MAX_ANNOTATION_CHARS) }, 'a', false)!.error).toMatch(/over/);
    const many = readPodNetworks({ [NETWORKS_ANNOTATION]: Array.from({ length: 100 }, (_, i) => `n${i}`).join(',') }, 'a', false)!;
    expect(many.requested).toHaveLength(MAX_NETWORK_ENTRIES);
    expect(many.omitted).toBe(100 - MAX_NETWORK_ENTRIES);
    const long = readPodNetworks({ [NETWORKS_ANNOTATION]: JSON.stringify([{ name: 'x'.repeat(5000), interface: 'i'.repeat(500) }]) }, 'a', false)!;
    expect(long.requested[0]!.name.length).toBeLessThanOrEqual(2 + 253);
    expect(long.requested[0]!.interface!.length).toBe(64);
  });
});
