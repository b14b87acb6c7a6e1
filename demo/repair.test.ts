/**
 * The repair journey on a self-nested node, through the Kubernetes API only:
 * a repair request → the node's agent replaces 00-multus.conf in place with
 * its un-nested content → status Succeeded → stuck pods start (the Multus
 * pod is left running), their events stop. And what does not help:
 * restarting Multus (v4.0.x thin, as in the demo) nests deeper, before the
 * repair and after it alike.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, snapshotConfigMapName, type Snapshot } from '@/lib/cni/snapshot';
import { REPAIR_STATUS_KEY, type RepairStatus } from '@/lib/remediation/protocol';
import { repairRequestFor } from './repair-request.test-helper';
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

async function requestRepair(cluster: TestCluster, node: string, previewed: string, over: Record<string, string> = {}): Promise<string> {
  const cm = repairRequestFor(node, previewed, sha);
  cm.data['request.json'] = JSON.stringify({ ...JSON.parse(cm.data['request.json'] ?? '{}'), ...over });
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
  it('brings the node back through the API only: request, agent, pods run with Multus, events stop; the Multus pod is not restarted', async () => {
    const cluster = await start(30);
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    const nested = multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '';
    expect(multusDepth(nested)).toBe(2);
    const pods = await observe<PodObject>(cluster, podsPath(NODE), streams);
    const multus = [...(await pods.until((m) => m.size > 0)).values()].find(isMultus);

    const name = await requestRepair(cluster, NODE, nested);
    const st = await statusOf(cluster, name);
    expect(st).toMatchObject({ phase: 'Succeeded', agent: { node: NODE }, replaced: { file: '00-multus.conf', sha256: sha(nested), backup: expect.stringMatching(/^\/etc\/cni\/net\.d\/\.cni-health-backup\/00-multus\.conf\.\d{8}T\d{6}Z$/) } });
    const healthy = docOf(await snaps.until((m) => multusConf(docOf(m)) !== nested));
    expect(healthy?.files.map((f) => f.name)).toEqual(['00-multus.conf', '10-aws.conflist']);
    expect(sha(multusConf(healthy) ?? '')).toBe(st.replaced?.resultSha256);
    expect(multusDepth(multusConf(healthy) ?? '{}')).toBe(1);
    expect(JSON.parse(multusConf(healthy) ?? '{}')).toMatchObject({ delegates: [{ name: 'aws-cni' }] });
    // A retried request finds the status there and changes nothing.
    const again = await call<ConfigMapObject>(cluster, 'GET', `/api/v1/namespaces/cni-health/configmaps/${name}`);
    expect(JSON.parse(again.body.data[REPAIR_STATUS_KEY] ?? '{}')).toEqual(st);

    const after = await pods.until((m) => [...m.values()].filter((p) => !p.spec.hostNetwork && p.status.phase !== 'Failed').every(running));
    // The same Multus pod runs on: nothing restarted it.
    expect([...after.values()].filter(isMultus).map((p) => [p.metadata.uid, running(p)])).toEqual([[multus?.metadata.uid, true]]);
    const startedPod = [...after.values()].find((p) => !p.spec.hostNetwork && p.status.phase === 'Running' && p.metadata.namespace !== 'kube-system' && p.metadata.namespace !== 'cni-health');
    expect(startedPod?.status.conditions?.find((x) => x.type === 'PodReadyToStartContainers')?.status).toBe('True');

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
      .toMatchObject({ cni: 'healthy', backups: [st.replaced?.backup], repairRequests: [{ name, phase: 'Succeeded' }] });
  });

  it('rejects a request whose expectedSha256 is not the file on the node, and keeps the file', async () => {
    const cluster = await start(3_600_000);
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    const nested = multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '';
    const name = await requestRepair(cluster, NODE, nested, { expectedSha256: sha('something else') });
    const st = await statusOf(cluster, name);
    expect(st).toMatchObject({ phase: 'Rejected', message: expect.stringMatching(/^00-multus\.conf changed since the preview/) });
    expect(st.replaced).toBeUndefined();
    expect(multusDepth(multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '{}')).toBe(2);
  });

  it('restarting Multus after the repair nests it again (Multus v4.0.x thin wraps its own file): why the repair leaves Multus running', async () => {
    const cluster = await start(3_600_000);
    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath(NODE), streams);
    const nested = multusConf(docOf(await snaps.until((m) => m.size === 1))) ?? '';
    expect((await statusOf(cluster, await requestRepair(cluster, NODE, nested))).phase).toBe('Succeeded');
    await snaps.until((m) => multusDepth(multusConf(docOf(m)) ?? '{}') === 1);
    const pods = await observe<PodObject>(cluster, podsPath(NODE), streams);
    const multus = [...(await pods.until((m) => m.size > 0)).values()].find(isMultus);
    await call(cluster, 'DELETE', `/api/v1/namespaces/kube-system/pods/${multus?.metadata.name}`, { gracePeriodSeconds: 0 });
    await snaps.until((m) => multusDepth(multusConf(docOf(m)) ?? '{}') === 2);
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
