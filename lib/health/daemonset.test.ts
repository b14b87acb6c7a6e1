import { describe, expect, it } from 'vitest';
import type { DaemonSetModel } from '@/lib/model/daemonset';
import { rolledOut } from '@/lib/testing/models';
import { daemonSetFindings, imageVersion, parseQuantity } from './daemonset';

function multusDs(over: Partial<DaemonSetModel> = {}): DaemonSetModel {
  return {
    namespace: 'kube-system', name: 'kube-multus-ds', uid: 'u', resourceVersion: '1', labels: {},
    containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', command: ['/thin_entrypoint'], args: ['--multus-conf-file=auto'], requests: {}, limits: {} }],
    initContainers: [{ name: 'install-multus-binary', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2', command: ['cp', '/usr/src/multus-cni/bin/multus', '/host/opt/cni/bin/multus'], args: [], requests: {}, limits: {} }],
    ...rolledOut(12),
    ...over,
  };
}

describe('Multus DaemonSet hygiene', () => {
  it('flags the demo\'s BestEffort v4.0.2 install on every count', () => {
    expect(daemonSetFindings([multusDs()]).map((f) => f.ruleId).sort()).toEqual(['multus-ds-no-cleanup-on-exit', 'multus-ds-no-primary-wait', 'multus-ds-not-guaranteed', 'multus-ds-old-version']);
  });

  it('is quiet for a hardened install', () => {
    const res = { cpu: '100m', memory: '100Mi' };
    const ds = multusDs({
      containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0', command: ['/thin_entrypoint'], args: ['--multus-conf-file=auto', '--cleanup-config-on-exit=true'], requests: res, limits: { cpu: '0.1', memory: '104857600' } }],
      initContainers: [{ name: 'wait-for-primary', image: 'busybox', command: ['sh', '-c', 'until [ -f /host/etc/cni/net.d/10-aws.conflist ]; do sleep 1; done'], args: [], requests: res, limits: res }],
    });
    expect(daemonSetFindings([ds])).toEqual([]);
  });

  it('ignores DaemonSets that are not Multus', () => {
    expect(daemonSetFindings([multusDs({ name: 'aws-node', containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.18.0', command: [], args: [], requests: {}, limits: {} }] })])).toEqual([]);
  });

  it('reads quantities and image versions', () => {
    expect(parseQuantity('100Mi')).toBe(104857600);
    expect(parseQuantity('100m')).toBeCloseTo(0.1);
    expect(parseQuantity('lots')).toBeUndefined();
    expect(imageVersion('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2-thick')).toEqual([4, 0, 2]);
    expect(imageVersion('ghcr.io/k8snetworkplumbingwg/multus-cni:snapshot')).toBeUndefined();
    expect(imageVersion('localhost:5000/multus@sha256:abc')).toBeUndefined();
  });
});
