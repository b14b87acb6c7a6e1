/**
 * The probe mesh view against the demo cluster over HTTP: the set read by
 * the dashboard's informer, the demo's probers probing it, and the matrix
 * bounded to the set.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MISSING_PRIMARY } from '@/demo/test-support';
import { MAX_MESH_NODES, MESH_CONFIGMAP, MESH_DATA_KEY } from '@/lib/probes/mesh-set';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { probeMeshView } from './probe-mesh';

let env: DemoCache;
beforeAll(async () => { env = await startDemoCache({ probeIntervalMs: 3_600_000 }); });
afterAll(async () => { await env?.stop(); });

async function setMesh(text: string): Promise<void> {
  const before = env.cache.informers.probemesh.list()[0]?.resourceVersion;
  const res = await fetch(`${env.demo.url}/api/v1/namespaces/cni-health/configmaps/${MESH_CONFIGMAP}`, {
    method: 'PATCH', headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { [MESH_DATA_KEY]: text } }),
  });
  expect(res.status).toBe(200);
  await vi.waitFor(() => expect(env.cache.informers.probemesh.list()[0]?.resourceVersion).not.toBe(before), { timeout: 10_000, interval: 20 });
}

describe('probeMeshView', () => {
  it('says how to choose a set while the shipped one is empty', () => {
    const view = probeMeshView(env.cache, Date.now(), env.cache.informers.pods.list());
    expect(view).toMatchObject({ configured: true, members: [], cells: [], probesPerRound: 0, limit: MAX_MESH_NODES });
    expect(view.commands[0]?.command).toMatch(/^kubectl -n cni-health patch configmap cni-health-probe-mesh --type merge -p '\{"data":\{"nodes":"NODE-A NODE-B NODE-C"\}\}'$/);
  });

  it('draws the chosen set in full once its probers ran, a node without a running prober as not in the mesh', async () => {
    const nodes = env.cache.informers.nodes.list().map((n) => n.name).filter((n) => n !== MISSING_PRIMARY).slice(0, 4);
    const set = [...nodes, MISSING_PRIMARY];
    await setMesh(set.join('\n'));
    env.demo.dataPlane.round();
    await vi.waitFor(() => {
      const view = probeMeshView(env.cache, Date.now(), env.cache.informers.pods.list());
      expect(view.cells.filter((c) => c.from !== MISSING_PRIMARY && c.to !== MISSING_PRIMARY && c.from !== c.to).map((c) => c.state)).toEqual(Array(12).fill('ok'));
    }, { timeout: 10_000, interval: 50 });
    const view = probeMeshView(env.cache, Date.now(), env.cache.informers.pods.list());
    expect(view.cells).toHaveLength(25);
    expect(view.cells.filter((c) => c.from === MISSING_PRIMARY || c.to === MISSING_PRIMARY).filter((c) => c.from !== c.to).every((c) => c.state === 'absent')).toBe(true);
    expect(view.members.find((m) => m.name === MISSING_PRIMARY)).toMatchObject({ probing: false, known: true });
    expect(view.members.filter((m) => m.probing).every((m) => m.zone && m.reportAt)).toBe(true);
    expect(view.probesPerRound).toBe(12);
    expect(view.commands[0]?.command).toContain(nodes[0]);
  });

  it('shows a refused set as the reason, and no matrix', async () => {
    await setMesh(Array.from({ length: MAX_MESH_NODES + 1 }, (_, i) => `n${i}`).join(' '));
    await vi.waitFor(() => expect(probeMeshView(env.cache, Date.now(), env.cache.informers.pods.list()).error).toBe(`the mesh set is refused: at most ${MAX_MESH_NODES} nodes`), { timeout: 10_000, interval: 20 });
    expect(probeMeshView(env.cache, Date.now(), env.cache.informers.pods.list())).toMatchObject({ configured: true, members: [], cells: [] });
  });
});
