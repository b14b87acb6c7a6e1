import { describe, expect, it } from 'vitest';
import { projectPod } from './project';

const pod = (annotations: Record<string, string> | undefined, hostNetwork = false): unknown => ({
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-11-26T11:00:00Z', annotations },
  spec: { nodeName: 'n1', hostNetwork, containers: [{ name: 'app', image: 'app:1' }] },
  status: {
    phase: 'Running', startTime: '2026-11-26T11:00:02Z',
    conditions: [{ type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: '2026-11-26T11:04:00Z' }],
    containerStatuses: [{ name: 'app', image: 'app:1', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-26T11:04:05Z' } } }],
  },
});

describe('projectPod: secondary networks', () => {
  it('keeps the requested and attached networks (bounded), when the sandbox came up, and nothing else of the annotations', () => {
    const p = projectPod(pod({
      'k8s.v1.cni.cncf.io/networks': 'macvlan-conf',
      'k8s.v1.cni.cncf.io/network-status': '[{"name":"aws-cni","interface":"eth0","default":true,"ips":["10.0.1.5"]}]',
      'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}',
    }))!;
    expect(p.networks).toEqual({ requested: [{ name: 'shop/macvlan-conf' }], attached: [{ name: 'aws-cni', interface: 'eth0', default: true }], startedAt: '2026-11-26T11:04:00Z' });
    expect(JSON.stringify(p)).not.toContain('last-applied');
  });

  it('adds nothing for pods that ask for no network or run on the host network', () => {
    expect('networks' in projectPod(pod(undefined))!).toBe(false);
    expect('networks' in projectPod(pod({ 'k8s.v1.cni.cncf.io/networks': 'macvlan-conf' }, true))!).toBe(false);
  });
});
