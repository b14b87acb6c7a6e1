/**
 * Pods running without their secondary networks. Sources:
 * https://github.com/k8snetworkplumbingwg/multus-cni/issues/1527 (thick daemon removes 00-multus.conf on
 * SIGTERM; pods created meanwhile get the primary network only), #1387 and #1468 (after a node reboot).
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { NETWORK_STATUS_ANNOTATION, NETWORKS_ANNOTATION, readPodNetworks } from '@/lib/model/pod-networks';
import { T0, aMultusPod, aNode, aPod, at, healthySnapshot } from '@/lib/testing/models';
import type { PodModel } from '@/lib/model/pod';

const DEFAULT_ONLY = JSON.stringify([{ name: 'aws-cni', interface: 'eth0', ips: ['10.0.1.23'], default: true, dns: {} }]);
const FULL = JSON.stringify([JSON.parse(DEFAULT_ONLY)[0], { name: 'shop/macvlan-conf', interface: 'net1', ips: ['192.168.1.200'], mac: '86:1d:96:ff:55:0d', dns: {} }]);

function withNetworks(name: string, status: string | undefined, startedMinutes: number, over: Partial<PodModel> = {}): PodModel {
  const annotations: Record<string, string> = { [NETWORKS_ANNOTATION]: 'macvlan-conf' };
  if (status) annotations[NETWORK_STATUS_ANNOTATION] = status;
  return aPod(name, 'n1', { createdAt: at(startedMinutes), networks: readPodNetworks(annotations, 'shop', false, at(startedMinutes)), ...over });
}

const diagnose = (pods: PodModel[]) => diagnoseCluster({ nodes: [aNode('n1')], pods: [aMultusPod('n1'), ...pods], events: [], snapshots: [healthySnapshot('n1')], now: T0 }).nodes[0]!;

describe('pod-networks-missing', () => {
  it('lists, per node, the running pods whose secondary networks are missing, oldest first, with when they started', () => {
    const d = diagnose([withNetworks('web-b', undefined, -30), withNetworks('web-a', DEFAULT_ONLY, -45), withNetworks('web-ok', FULL, -40)]);
    expect(d.partial.map((p) => p.pod.name)).toEqual(['web-a', 'web-b']);
    const f = d.findings.find((x) => x.ruleId === 'pod-networks-missing')!;
    expect(f).toMatchObject({ severity: 'warning', title: '2 pods running without the secondary networks they asked for', remediations: ['recreate-partially-attached-pods'] });
    expect(f.evidence).toEqual([
      { pod: 'shop/web-a', message: 'missing shop/macvlan-conf; started', at: at(-45) },
      { pod: 'shop/web-b', message: 'missing shop/macvlan-conf; no network-status: Multus did not set this pod up; started', at: at(-30) },
    ]);
    expect(d.verdict).toBe('degraded');
  });

  it('stays quiet when every requested network is attached, for pods still starting, and for pods asking for none', () => {
    const starting = withNetworks('new-1', undefined, 0.5);
    const pending = withNetworks('pending-1', undefined, -10, { phase: 'Pending' });
    const d = diagnose([withNetworks('web-ok', FULL, -40), starting, pending, aPod('plain', 'n1')]);
    expect(d.partial).toEqual([]);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(d.verdict).toBe('healthy');
  });

  it('never lets one node\'s pods speak for another', () => {
    const elsewhere = withNetworks('web-x', undefined, -30, { nodeName: 'n2' });
    const [n1, n2] = diagnoseCluster({ nodes: [aNode('n1'), aNode('n2')], pods: [elsewhere], events: [], snapshots: [healthySnapshot('n1'), healthySnapshot('n2')], now: T0 }).nodes;
    expect(n1!.partial).toEqual([]);
    expect(n2!.partial.map((p) => p.pod.name)).toEqual(['web-x']);
  });
});
