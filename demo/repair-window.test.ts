/**
 * The repair window: between the agent's change to 00-multus.conf and
 * Multus writing its config again, the container runtime uses the lexically
 * first config in /etc/cni/net.d (containerd/go-cni `WithDefaultConf`,
 * CRI-O ocicni `getDefaultCNINetwork`), reloaded on every change
 * (containerd `internal/cri/server/cni_conf_syncer.go`). A pod sandbox
 * created while that first config is the primary's gets no secondary
 * networks and keeps running without them (k8snetworkplumbingwg/multus-cni#1527).
 * The repair must never leave the node in that state, even for a moment.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_DATA_KEY, snapshotConfigMapName, type Snapshot } from '@/lib/cni/snapshot';
import { REPAIR_STATUS_KEY } from '@/lib/remediation/protocol';
import { NETWORK_STATUS_ANNOTATION, NETWORKS_ANNOTATION } from './sim/networks';
import { configFiles } from './sim/node-dir';
import { call, clusterPerTest, NESTED, observe, type TestCluster } from './test-support';
import type { ConfigMapObject, PodObject } from './types';
import { repairRequestFor } from './repair-request.test-helper';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const clusters = clusterPerTest({ controllerMs: 5, kubeletMs: 10 });
const { streams } = clusters;
const NODE = NESTED[0] ?? '';
const snapshotPath = `/api/v1/namespaces/cni-health/configmaps?fieldSelector=${encodeURIComponent(`metadata.name=${snapshotConfigMapName(NODE, sha)}`)}`;
const docOf = (cms: Map<string, ConfigMapObject>): Snapshot | undefined => {
  const cm = [...cms.values()][0];
  return cm ? JSON.parse(cm.data[SNAPSHOT_DATA_KEY] ?? '{}') as Snapshot : undefined;
};
const firstConfigIsMultus = (s: Snapshot): boolean => {
  const first = configFiles(s.files.map((f) => ({ name: f.name, content: f.content ?? '', modifiedAt: 0 })))[0];
  try {
    return (JSON.parse(first?.content ?? '{}') as { type?: string }).type === 'multus';
  } catch {
    return false;
  }
};

async function statusOf(cluster: TestCluster, name: string): Promise<{ phase: string }> {
  const w = await observe<ConfigMapObject>(cluster, `/api/v1/namespaces/cni-health/configmaps?fieldSelector=metadata.name%3D${name}`, streams);
  const cms = await w.until((m) => [...m.values()].some((x) => x.data[REPAIR_STATUS_KEY] !== undefined));
  return JSON.parse([...cms.values()][0]?.data[REPAIR_STATUS_KEY] ?? '{}') as { phase: string };
}

describe('the repair window on a self-nested node', () => {
  it('never leaves the runtime without Multus: a stuck pod the kubelet starts right after the agent acted gets its secondary network', async () => {
    const cluster = await clusters.start({ tickMs: 30 });
    const pods = await observe<PodObject>(cluster, `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${NODE}`)}`, streams);
    const stuck = [...(await pods.until((m) => [...m.values()].some((p) => p.status.phase === 'Pending'))).values()].find((p) => p.status.phase === 'Pending' && !p.spec.hostNetwork);
    // Multus reads the pod's annotations at each CNI ADD, so a stuck pod asks for the network from its next sandbox on.
    const key = `/api/v1/namespaces/${stuck?.metadata.namespace}/pods/${stuck?.metadata.name}`;
    const annotated = await call(cluster, 'PATCH', key, { metadata: { annotations: { [NETWORKS_ANNOTATION]: 'feature-store-vlan@net1' } } }, { contentType: 'application/merge-patch+json' });
    expect(annotated.status).toBe(200);

    const snaps = await observe<ConfigMapObject>(cluster, snapshotPath, streams);
    const nested = docOf(await snaps.until((m) => m.size === 1))?.files.find((f) => f.name === '00-multus.conf')?.content ?? '';
    const created = await call<ConfigMapObject>(cluster, 'POST', '/api/v1/namespaces/cni-health/configmaps', repairRequestFor(NODE, nested, sha));
    expect(created.status).toBe(201);
    expect((await statusOf(cluster, created.body.metadata.name)).phase).toBe('Succeeded');

    // Only the agent's step has run (the test deletes no Multus pod): every revision since shows a Multus config first.
    const after = docOf(await snaps.until((m) => docOf(m)?.files.find((f) => f.name === '00-multus.conf')?.content !== nested)) as Snapshot;
    expect(firstConfigIsMultus(after)).toBe(true);
    const started = [...(await pods.until((m) => m.get(`${stuck?.metadata.namespace}/${stuck?.metadata.name}`)?.status.phase === 'Running')).values()]
      .find((p) => p.metadata.uid === stuck?.metadata.uid);
    const status = JSON.parse(started?.metadata.annotations?.[NETWORK_STATUS_ANNOTATION] ?? '[]') as Array<{ name: string; interface: string }>;
    expect(status.map((s) => [s.name, s.interface])).toContainEqual([`${stuck?.metadata.namespace}/feature-store-vlan`, 'net1']);
  });
});
