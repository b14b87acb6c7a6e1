/**
 * DaemonSet patches roll the Multus pods node by node: Guaranteed QoS,
 * cleanup on exit (then a restart alone repairs), and an initContainer
 * that holds Multus in Init until the primary config exists.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, snapshotConfigMapName, type Snapshot } from '@/lib/cni/snapshot';
import { multusDepth } from './cni-configs';
import type { ConfigMapObject, DaemonSetObject, PodObject } from './types';
import { call, HEALTHY, MISSING_PRIMARY, observe, clusterPerTest, type TestCluster } from './test-support';

const { start, streams } = clusterPerTest({ tickMs: 3_600_000, controllerMs: 2, kubeletMs: 5 });

const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const MULTUS_PODS = '/api/v1/namespaces/kube-system/pods?labelSelector=name%3Dmultus';
const SMP = { contentType: 'application/strategic-merge-patch+json' };
const guaranteed = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } };
const live = (m: Map<string, PodObject>): PodObject[] => [...m.values()].filter((p) => !p.metadata.deletionTimestamp);

async function rolledOut(cluster: TestCluster, generation: number): Promise<Map<string, PodObject>> {
  const ds = await observe<DaemonSetObject>(cluster, '/apis/apps/v1/namespaces/kube-system/daemonsets?fieldSelector=metadata.name%3Dkube-multus-ds', streams);
  await ds.until((m) => [...m.values()].some((d) => d.status.observedGeneration === generation && d.status.updatedNumberScheduled === 12 && d.status.numberReady === 12));
  const pods = await observe<PodObject>(cluster, MULTUS_PODS, streams);
  return pods.until((m) => live(m).length === 12 && live(m).every((p) => p.status.phase === 'Running'));
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
async function depthOn(cluster: TestCluster, node: string): Promise<number> {
  const cm = await cluster.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/${snapshotConfigMapName(node, sha)}`);
  const doc = JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? '{}') as Snapshot;
  const f = doc.files.find((x) => x.name === '00-multus.conf');
  return f ? multusDepth(f.content ?? '{}') : 0;
}

describe('rolling the Multus DaemonSet', () => {
  it('rolls every pod to Guaranteed QoS; without cleanup-on-exit each restart wraps the stale config', async () => {
    const c = await start();
    const res = await call<DaemonSetObject>(c, 'PATCH', `${DS}?fieldManager=cni-health`, { spec: { template: { spec: {
      containers: [{ name: 'kube-multus', resources: guaranteed }], initContainers: [{ name: 'install-multus-binary', resources: guaranteed }],
    } } } }, SMP);
    expect(res.body.metadata.generation).toBe(2);
    expect(res.body.metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('2');
    const pods = await rolledOut(c, 2);
    expect(live(pods).map((p) => p.status.qosClass)).toEqual(Array(12).fill('Guaranteed'));
    expect(live(pods).every((p) => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
    // Multus v4.0.2 leaves its config behind on exit: a rollout nests a healthy node.
    expect(await depthOn(c, HEALTHY)).toBe(2);
  });

  it('with --cleanup-config-on-exit=true, a Multus restart alone repairs a nested node', async () => {
    const c = await start();
    const ds = await c.json<DaemonSetObject>(DS);
    const args = [...(ds.spec.template.spec.containers[0]?.args ?? []), '--cleanup-config-on-exit=true'];
    await call(c, 'PATCH', DS, { spec: { template: { spec: { containers: [{ name: 'kube-multus', image: 'ghcr.io/k8snetworkplumbingwg/multus-cni:v4.1.0', args }] } } } }, SMP);
    const pods = await rolledOut(c, 2);
    expect(await depthOn(c, HEALTHY)).toBe(2);
    const onHealthy = live(pods).find((p) => p.spec.nodeName === HEALTHY);
    await call(c, 'DELETE', `/api/v1/namespaces/kube-system/pods/${onHealthy?.metadata.name}`);
    const snaps = await observe<ConfigMapObject>(c, `/api/v1/namespaces/cni-health/configmaps?fieldSelector=metadata.name%3D${snapshotConfigMapName(HEALTHY, sha)}`, streams);
    await snaps.until((m) => [...m.values()].some((cm) => {
      const f = (JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? '{}') as Snapshot).files.find((x) => x.name === '00-multus.conf');
      return f !== undefined && multusDepth(f.content ?? '{}') === 1;
    }));
  });

  it('an initContainer waiting for the primary config holds Multus in Init where it is missing, and the rollout there', async () => {
    const c = await start();
    const wait = { name: 'wait-for-primary-cni', image: 'busybox:1.36', command: ['sh', '-c', 'until [ -f /host/etc/cni/net.d/10-aws.conflist ]; do sleep 1; done'], volumeMounts: [{ name: 'cni', mountPath: '/host/etc/cni/net.d' }] };
    await call(c, 'PATCH', DS, { spec: { template: { spec: { initContainers: [wait] } } } }, SMP);
    const pods = await observe<PodObject>(c, `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${MISSING_PRIMARY}`)}&labelSelector=name%3Dmultus`, streams);
    const held = await pods.until((m) => live(m).some((p) => p.metadata.labels?.['pod-template-generation'] === '2' && p.status.initContainerStatuses?.some((s) => s.name === 'wait-for-primary-cni' && 'running' in s.state)));
    const pod = live(held).find((p) => p.metadata.labels?.['pod-template-generation'] === '2');
    expect(pod?.status.phase).toBe('Pending');
    expect(pod?.status.conditions?.find((x) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
    const ds = await c.json<DaemonSetObject>(DS);
    expect(ds.status.updatedNumberScheduled).toBeLessThan(12);
  });
});
