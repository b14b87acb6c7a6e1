/**
 * The demo's sandboxes as the runtime and Multus set them up: the lexically
 * first config decides (containerd/go-cni WithDefaultConf), so a node whose
 * first config is the primary's gives new pods no secondary network and no
 * network-status, as a real node does in the window before Multus writes its
 * config (k8snetworkplumbingwg/multus-cni#1527). Never kinder than that.
 */
import { describe, expect, it } from 'vitest';
import { AWS_CONFLIST, healthyFiles, MULTUS_CONF } from '../cni-configs';
import type { PodObject } from '../types';
import { NETWORKS_ANNOTATION, networkStatusFor } from './networks';

const pod: Pick<PodObject, 'metadata'> = { metadata: { name: 'recommendations-1', namespace: 'shop', uid: 'u1', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', annotations: { [NETWORKS_ANNOTATION]: 'feature-store-vlan@net1' } } };
const files = healthyFiles('10.0.4.201').map((f) => ({ ...f, modifiedAt: 0 }));

describe('networkStatusFor', () => {
  it('attaches the secondary network only while a Multus config is first', () => {
    const status = JSON.parse(networkStatusFor(pod, files, '10.0.4.9') ?? '[]') as Array<{ name: string; interface: string }>;
    expect(status.map((s) => [s.name, s.interface])).toEqual([['aws-cni', 'eth0'], ['shop/feature-store-vlan', 'net1']]);
    // 00-multus.conf moved aside (or removed on exit): the primary's config is first, Multus never sees the pod.
    expect(networkStatusFor(pod, files.filter((f) => f.name !== MULTUS_CONF), '10.0.4.9')).toBeUndefined();
    // A config that sorts before Multus's takes over the same way.
    expect(networkStatusFor(pod, [...files, { name: '00-leftover.conflist', content: files.find((f) => f.name === AWS_CONFLIST)!.content, modifiedAt: 0 }], '10.0.4.9')).toBeUndefined();
  });
});
