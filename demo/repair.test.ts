/**
 * The repair journey on a self-nested node, through the Kubernetes API only:
 * a repair request → the node's agent moves 00-multus.conf aside → status
 * Succeeded → the Multus pod is deleted → its DaemonSet recreates it → the
 * new pod wraps the primary config → stuck pods start, their events stop.
 * And what does not help: restarting Multus alone nests deeper.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, snapshotConfigMapName, type Snapshot } from '@/lib/cni/snapshot';
import { repairRequestConfigMap, REPAIR_STATUS_KEY, type RepairStatus } from '@/lib/remediation/protocol';
import { multusDepth } from './cni-configs';
import type { ConfigMapObject, EventObject, PodObject } from './types';
import { call, NESTED, observe, clusterPerTest, type TestCluster } from './test-support';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const clusters = clusterPerTest({ controllerMs: 5, kubeletMs: 10 });
const { streams } = clusters;
const start = (tickMs: number): Promise<TestCluster> => clusters.start({ tickMs });


const NODE = NESTED[0] ?? '';
const snapshotPath = (node: string): string => `/api/v1/namespaces/cni-health/configmaps?fieldSelector=${encodeURIComponent(`metadata.name=${snapshotConfigMapName(node, sha)}`)}`;
const docOf = (cms: Map<string, ConfigMapObject>): Snapshot | undefined => {
  const cm = [...cms.values()][0];
  return cm ? JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? '{}') as Snapshot : undefined;
};
const multusConf = (s: Snapshot | undefined): string | undefined => s?.files.find((f) => f.name === '00-multus.conf')?.content;
const podsPath = (node: string): string => `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`;
const isMultus = (p: PodObject): boolean => p.metadata.labels?.name === 'multus';
const running = (p: PodObject): boolean => p.status.phase === 'Running' && !p.metadata.deletionTimestamp;

async function requestRepair(cluster: TestCluster, node: string, expectedSha256: string): Promise<string> {
  const cm = repairRequestConfigMap({
    apiVersion: 'cni-health.io/v1alpha1', kind: 'CNIRepairRequest', node, action: 'remove-generated-config', file: '00-multus.conf',
    expectedSha256, requestedBy: 'admin', requestedAt: new Date().toISOString(), reason: 'multus-nested-delegates',
  }, { suffix: Math.random().toString(36).slice(2, 7), sha256Hex: sha });
  const res = await call<ConfigMapObject>(cluster, 'POST', '/api/v1/namespaces/cni-health/configmaps', cm);
  expect(res.status).toBe(201);
  return res.body.metadata.name;
}

async function statusOf(cluster: TestCluster, name: string): Promise<RepairStatus> {
  const w = await observe<ConfigMapObject>(cluster, `/api/v1/namespaces/cni-health/configmaps?fieldSelector=metadata.name%3D${name}`, streams);
  const cms = await w.until((m) => [...m.values()].some((x) => x.data[REPAIR_STATUS_KEY] !== undefined));
  return JSON.parse([...cms.values()][0]?.data[REPAIR_STATUS_KEY] ?? '{}') as RepairStatus;
}

describe('repairing a self-nested node', () => {
  it('brings the node back through the API only: request, agent, Multus restart, pods run, events stop', async () => {
    const cluster = await start(30);
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    const nested = multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '';
    expect(multusDepth(nested)).toBe(2);

    const name = await requestRepair(cluster, NODE, sha(nested));
    const st = await statusOf(cluster, name);
    expect(st).toMatchObject({ phase: 'Succeeded', agent: { node: NODE }, removed: { file: '00-multus.conf', sha256: sha(nested), backup: expect.stringMatching(/^\/etc\/cni\/net\.d\/\.cni-health-backup\/00-multus\.conf\.\d{8}T\d{6}Z$/) } });
    const removed = docOf(await snaps.until((m) => multusConf(docOf(m)) === undefined));
    expect(removed?.files.map((f) => f.name)).toEqual(['10-aws.conflist']);
    // A retried request finds the status there and changes nothing.
    const again = await call<ConfigMapObject>(cluster, 'GET', `/api/v1/namespaces/cni-health/configmaps/${name}`);
    expect(JSON.parse(again.body.data[REPAIR_STATUS_KEY] ?? '{}')).toEqual(st);

    const pods = await observe<PodObject>(cluster, podsPath(NODE), streams);
    const before = await pods.until((m) => m.size > 0);
    const multus = [...before.values()].find(isMultus);
    const del = await call<PodObject>(cluster, 'DELETE', `/api/v1/namespaces/kube-system/pods/${multus?.metadata.name}`, { preconditions: { uid: multus?.metadata.uid } });
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeDefined();
    const after = await pods.until((m) => {
      const all = [...m.values()];
      return all.some((p) => isMultus(p) && p.metadata.uid !== multus?.metadata.uid && running(p))
        && all.filter((p) => !p.spec.hostNetwork && p.status.phase !== 'Failed').every(running);
    });
    const fresh = [...after.values()].find((p) => isMultus(p) && running(p));
    expect(fresh?.metadata.name).not.toBe(multus?.metadata.name);
    expect(fresh?.status.containerStatuses?.[0]?.restartCount).toBe(0);
    const startedPod = [...after.values()].find((p) => !p.spec.hostNetwork && p.status.phase === 'Running' && p.metadata.namespace !== 'kube-system' && p.metadata.namespace !== 'cni-health');
    expect(startedPod?.status.conditions?.find((x) => x.type === 'PodReadyToStartContainers')?.status).toBe('True');
    const healthy = docOf(await snaps.until((m) => multusConf(docOf(m)) !== undefined));
    expect(multusDepth(multusConf(healthy) ?? '{}')).toBe(1);
    expect(JSON.parse(multusConf(healthy) ?? '{}')).toMatchObject({ delegates: [{ name: 'aws-cni' }] });
    expect(healthy?.history.length).toBeGreaterThanOrEqual(3);

    // Events stop: the other nested node's sandbox failures keep counting, this node's do not.
    const ev = await observe<EventObject>(cluster, `/api/v1/events?fieldSelector=${encodeURIComponent('reason=FailedCreatePodSandBox')}`, streams);
    const counts = new Map<string, number>();
    await ev.until((m) => {
      for (const e of m.values()) if (e.source.host === NESTED[1]) counts.set(e.metadata.name, counts.get(e.metadata.name) ?? e.count);
      return [...m.values()].some((e) => e.source.host === NESTED[1] && e.count >= (counts.get(e.metadata.name) ?? 0) + 2);
    });
    expect(ev.stream.events.filter((e) => e.type === 'MODIFIED' && (e.object.source as { host?: string }).host === NODE)).toEqual([]);
    const started = await cluster.json<{ items: EventObject[] }>(`/api/v1/events?fieldSelector=${encodeURIComponent(`reason=Started,involvedObject.name=${startedPod?.metadata.name}`)}`);
    expect(started.items[0]?.type).toBe('Normal');
    expect((await cluster.json<{ nodes: { name: string; cni: string; backups: string[]; repairRequests: { phase?: string }[] }[] }>('/demo/v1/scenario')).nodes.find((n) => n.name === NODE))
      .toMatchObject({ cni: 'healthy', backups: [st.removed?.backup], repairRequests: [{ name, phase: 'Succeeded' }] });
  });

  it('rejects a request whose expectedSha256 is not the file on the node, and keeps the file', async () => {
    const cluster = await start(3_600_000);
    const name = await requestRepair(cluster, NODE, sha('something else'));
    const st = await statusOf(cluster, name);
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/^00-multus\.conf changed since the preview/) });
    expect(st.removed).toBeUndefined();
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    expect(multusDepth(multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '{}')).toBe(2);
  });

  it('restarting Multus without the repair nests the config one level deeper; the DaemonSet recreates the pod', async () => {
    const cluster = await start(3_600_000);
    const pods = await observe<PodObject>(cluster, podsPath(NODE), streams);
    const multus = [...(await pods.until((m) => m.size > 0)).values()].find(isMultus);
    await call(cluster, 'DELETE', `/api/v1/namespaces/kube-system/pods/${multus?.metadata.name}`, { gracePeriodSeconds: 0 });
    const after = await pods.until((m) => [...m.values()].some((p) => isMultus(p) && p.metadata.uid !== multus?.metadata.uid && running(p)));
    const fresh = [...after.values()].find((p) => isMultus(p) && running(p));
    expect(fresh?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kube-multus-ds' });
    expect(fresh?.metadata.labels?.['pod-template-generation']).toBe('1');
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    const deeper = await snaps.until((m) => multusDepth(multusConf(docOf(m)) ?? '{}') === 3);
    expect(docOf(deeper)?.revision).toBe(4);
    expect([...after.values()].filter((p) => !p.spec.hostNetwork && p.status.phase === 'Pending').length).toBeGreaterThan(0);
  });

  it('replaces a deleted stuck ReplicaSet pod with a new one that is stuck too on the broken node', async () => {
    const cluster = await start(3_600_000);
    const pods = await observe<PodObject>(cluster, podsPath(NODE), streams);
    const stuck = [...(await pods.until((m) => m.size > 0)).values()].find((p) => p.status.phase === 'Pending' && p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet');
    const rs = stuck?.metadata.ownerReferences?.[0]?.name;
    await call(cluster, 'DELETE', `/api/v1/namespaces/${stuck?.metadata.namespace}/pods/${stuck?.metadata.name}`);
    const after = await pods.until((m) => !m.has(`${stuck?.metadata.namespace}/${stuck?.metadata.name}`)
      && [...m.values()].some((p) => p.metadata.ownerReferences?.[0]?.name === rs && p.metadata.uid !== stuck?.metadata.uid && p.status.containerStatuses?.some((s) => 'waiting' in s.state)));
    const replacement = [...after.values()].find((p) => p.metadata.ownerReferences?.[0]?.name === rs && p.metadata.uid !== stuck?.metadata.uid && p.status.phase === 'Pending');
    expect(replacement?.metadata.name.startsWith(`${rs}-`)).toBe(true);
    const ev = await observe<EventObject>(cluster, `/api/v1/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${replacement?.metadata.name},reason=FailedCreatePodSandBox`)}`, streams);
    await ev.until((m) => m.size === 1);
  });
});
