import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, SNAPSHOT_LABEL, SNAPSHOT_NODE_ANNOTATION, snapshotSchema, type Snapshot } from '@/lib/cni/snapshot';
import { multusDepth } from './cni-configs';
import type { ConfigMapObject, DaemonSetObject, EventObject, NodeObject, PodObject } from './types';
import { HEALTHY, MISSING_PRIMARY, NESTED, openWatch, clusterPerTest, type TestCluster } from './test-support';

const clusters = clusterPerTest({ tickMs: 3_600_000 });
const { streams } = clusters;
const start = (tickMs?: number): Promise<TestCluster> => clusters.start(tickMs === undefined ? {} : { tickMs });

const items = async <T,>(cluster: TestCluster, path: string): Promise<T[]> => (await cluster.json<{ items: T[] }>(path)).items;

async function snapshots(cluster: TestCluster): Promise<Map<string, Snapshot>> {
  const cms = await items<ConfigMapObject>(cluster, `/api/v1/namespaces/cni-health/configmaps?labelSelector=${encodeURIComponent(SNAPSHOT_LABEL)}`);
  return new Map(cms.map((cm) => {
    const doc = snapshotSchema.parse(JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? ''));
    expect(cm.metadata.annotations?.[SNAPSHOT_NODE_ANNOTATION]).toBe(doc.node);
    return [doc.node, doc];
  }));
}

const fileOf = (s: Snapshot | undefined, name: string): string | undefined => s?.files.find((f) => f.name === name)?.content;
const podsOn = (cluster: TestCluster, node: string): Promise<PodObject[]> =>
  items<PodObject>(cluster, `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`);

describe('scenario multus-boot-race', () => {
  it('has 12 nodes over three zones; every snapshot passes snapshotSchema', async () => {
    const cluster = await start();
    const nodes = await items<NodeObject>(cluster, '/api/v1/nodes');
    expect(nodes).toHaveLength(12);
    expect(new Set(nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']))).toEqual(new Set(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']));
    const snaps = await snapshots(cluster);
    expect([...snaps.keys()].sort()).toEqual(nodes.map((n) => n.metadata.name).sort());
    for (const s of snaps.values()) {
      expect(s.binaries).toContain('multus');
      for (const f of s.files) expect(f.size).toBe(Buffer.byteLength(f.content ?? ''));
    }
  });

  it('breaks exactly two nodes by self-nesting and one by a missing primary config', async () => {
    const cluster = await start();
    const snaps = await snapshots(cluster);
    const depth = (node: string): number => multusDepth(fileOf(snaps.get(node), '00-multus.conf') ?? '{}');
    const nested = [...snaps.keys()].filter((n) => depth(n) > 1).sort();
    expect(nested).toEqual([...NESTED].sort());
    for (const node of NESTED) {
      const s = snaps.get(node);
      const conf = JSON.parse(fileOf(s, '00-multus.conf') ?? '{}') as { delegates: { type: string; delegates: { name: string }[] }[] };
      expect(conf.delegates[0]?.type).toBe('multus');
      expect(conf.delegates[0]?.delegates[0]?.name).toBe('aws-cni');
      expect(s?.history[0]?.files.find((f) => f.name === '00-multus.conf')?.content).toBeDefined();
      expect(multusDepth(s?.history[0]?.files.find((f) => f.name === '00-multus.conf')?.content ?? '{}')).toBe(1);
      expect(Date.now() - Date.parse(s?.collectedAt ?? '')).toBeLessThan(120_000);
    }
    expect(snaps.get(MISSING_PRIMARY)?.files).toEqual([]);
    const node = await cluster.json<NodeObject>(`/api/v1/nodes/${MISSING_PRIMARY}`);
    expect(node.status.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False', reason: 'KubeletNotReady',
      message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    });
    const awsNode = (await podsOn(cluster, MISSING_PRIMARY)).find((p) => p.metadata.name.startsWith('aws-node-'));
    expect(awsNode?.status.containerStatuses?.[0]?.ready).toBe(false);
    const healthy = [...snaps.keys()].filter((n) => depth(n) === 1 && fileOf(snaps.get(n), '10-aws.conflist'));
    expect(healthy).toHaveLength(9);
  });

  it('runs Multus BestEffort without cleanup, its pods OOM-killed on the nested nodes', async () => {
    const cluster = await start();
    const ds = await cluster.json<DaemonSetObject>('/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds');
    const container = ds.spec.template.spec.containers[0];
    expect(container?.image).toBe('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2');
    expect(container?.resources).toEqual({});
    expect(container?.args?.join(' ')).not.toContain('cleanup-config-on-exit');
    for (const node of NESTED) {
      const multus = (await podsOn(cluster, node)).find((p) => p.metadata.labels?.name === 'multus');
      expect(multus?.status.qosClass).toBe('BestEffort');
      expect(multus?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kube-multus-ds', uid: ds.metadata.uid });
      expect(multus?.status.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
      expect(multus?.status.containerStatuses?.[0]?.lastState).toMatchObject({ terminated: { reason: 'OOMKilled', exitCode: 137 } });
    }
  });

  it('keeps the stuck pods\' sandbox events repeating while the node is broken', async () => {
    const cluster = await start(40);
    const stuck = (await podsOn(cluster, NESTED[0] ?? '')).filter((p) => p.status.phase === 'Pending');
    expect(stuck.length).toBeGreaterThanOrEqual(3);
    for (const p of stuck) {
      expect(p.status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
      expect(Date.now() - Date.parse(p.metadata.creationTimestamp)).toBeGreaterThan(20 * 60_000);
    }
    const path = `/api/v1/events?fieldSelector=${encodeURIComponent(`reason=FailedCreatePodSandBox,involvedObject.name=${stuck[0]?.metadata.name}`)}`;
    const list = await cluster.json<{ metadata: { resourceVersion: string }; items: EventObject[] }>(path);
    const ev = list.items[0];
    expect(ev?.source).toEqual({ component: 'kubelet', host: NESTED[0] });
    expect(ev?.message).toMatch(/^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="multus" name="multus-cni-network" failed \(add\): .*validateIfName: interface name pod[0-9a-f]{11} already exists$/);
    const w = await openWatch(cluster, `${path}&watch=1&resourceVersion=${list.metadata.resourceVersion}`);
    streams.push(w);
    const bumped = await w.next((e) => e.type === 'MODIFIED' && Number(e.object.count) > (ev?.count ?? 0) + 1);
    expect(bumped.object.lastTimestamp).not.toBe(ev?.firstTimestamp);
    expect(bumped.object.message).not.toBe(ev?.message);
  });

  it('reboot-with-race and heal work on any node, through the control surface too', async () => {
    const cluster = await start();
    cluster.rebootWithRace(HEALTHY);
    let snaps = await snapshots(cluster);
    expect(multusDepth(fileOf(snaps.get(HEALTHY), '00-multus.conf') ?? '{}')).toBe(2);
    expect(snaps.get(HEALTHY)?.history[0]?.revision).toBe((snaps.get(HEALTHY)?.revision ?? 0) - 1);
    const stuck = (await podsOn(cluster, HEALTHY)).filter((p) => !p.spec.hostNetwork);
    expect(stuck.every((p) => p.status.phase === 'Pending')).toBe(true);

    for (const node of [HEALTHY, MISSING_PRIMARY, ...NESTED]) {
      const res = await cluster.post('/demo/v1/steps', { step: 'heal', node });
      expect(res.status).toBe(200);
    }
    const desc = await cluster.json<{ nodes: { cni: string; expected: string; stuckPods: string[] }[] }>('/demo/v1/scenario');
    expect(desc.nodes.every((n) => n.cni === 'healthy' && n.expected === 'healthy' && n.stuckPods.length === 0)).toBe(true);
    snaps = await snapshots(cluster);
    expect(fileOf(snaps.get(MISSING_PRIMARY), '10-aws.conflist')).toContain('"aws-cni"');
    const ready = await cluster.json<NodeObject>(`/api/v1/nodes/${MISSING_PRIMARY}`);
    expect(ready.status.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    const pods = await podsOn(cluster, NESTED[0] ?? '');
    expect(pods.filter((p) => p.status.phase !== 'Failed').every((p) => p.status.phase === 'Running')).toBe(true);
    const started = await items<EventObject>(cluster, `/api/v1/events?fieldSelector=${encodeURIComponent(`reason=Started,source=kubelet`)}`);
    expect(started.length).toBeGreaterThan(3);
    const aws = await cluster.json<DaemonSetObject>('/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node');
    expect(aws.status.numberReady).toBe(12);

    // Healing a healthy node changes nothing; breaking works from any state.
    const before = (await snapshots(cluster)).get(HEALTHY)?.revision;
    cluster.heal(HEALTHY);
    expect((await snapshots(cluster)).get(HEALTHY)?.revision).toBe(before);
    const again = await cluster.post('/demo/v1/steps', { step: 'reboot-with-race', node: MISSING_PRIMARY });
    expect(await again.json()).toMatchObject({ ok: true, node: { name: MISSING_PRIMARY, cni: 'nested-delegates', expected: 'broken' } });
  });

  it('answers 400 with a clear error for an unknown step, node or fault', async () => {
    const cluster = await start();
    const bad = async (path: string, body: unknown): Promise<string> => {
      const res = await cluster.post(path, body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad('/demo/v1/steps', { step: 'explode', node: HEALTHY })).toBe('unknown step "explode"; expected one of: reboot-with-race, heal, lose-primary');
    expect(await bad('/demo/v1/steps', { step: 'heal', node: 'ip-10-9-9-9' })).toBe('unknown node "ip-10-9-9-9"');
    expect(await bad('/demo/v1/steps', { step: 'heal' })).toMatch(/missing "node"/);
    expect(await bad('/demo/v1/faults', { fault: 'meteor' })).toMatch(/^unknown fault "meteor"/);
    const notJson = await fetch(`${cluster.controlUrl}/steps`, { method: 'POST', headers: { Authorization: `Bearer ${cluster.token}` }, body: '{' });
    expect(notJson.status).toBe(400);
    const compact = await cluster.post('/demo/v1/faults', { fault: 'compact' });
    expect(await compact.json()).toEqual({ ok: true, fault: 'compact' });
    const stats = await cluster.json<{ requests: number; lists: number; watches: number }>('/demo/v1/stats');
    expect(stats.requests).toBeGreaterThan(5);
  });
});
