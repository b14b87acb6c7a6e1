import { describe, expect, it } from 'vitest';
import { daemonSetBlastRadius } from './blast-radius';

const ds = (desired: number, maxUnavailable: number | string, type: 'RollingUpdate' | 'OnDelete' = 'RollingUpdate', maxSurge: number | string = 0) =>
  ({ name: 'kube-multus-ds', desired, updateStrategy: { type, maxUnavailable, maxSurge } });

describe('daemonSetBlastRadius', () => {
  it('a rolling update touches every node the DaemonSet runs on, maxUnavailable at a time', () => {
    expect(daemonSetBlastRadius(ds(12, 1))).toEqual({
      nodes: 12, pods: 12, atATime: 1,
      text: "Touches 12 nodes: replaces the kube-multus-ds pod on each (12 pods), at most 1 at a time; while a node's pod restarts, new pods there wait for their network.",
    });
  });

  it('resolves a percentage of desiredNumberScheduled, rounded up, and a surge when nothing may be unavailable', () => {
    expect(daemonSetBlastRadius(ds(5000, '10%')).atATime).toBe(500);
    expect(daemonSetBlastRadius(ds(12, '10%')).atATime).toBe(2);
    expect(daemonSetBlastRadius(ds(12, 0, 'RollingUpdate', '25%')).atATime).toBe(3);
  });

  it('OnDelete replaces nothing until a pod is deleted', () => {
    expect(daemonSetBlastRadius(ds(12, 1, 'OnDelete'))).toMatchObject({ nodes: 0, pods: 0 });
  });
});
