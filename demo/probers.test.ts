import { afterEach, describe, expect, it } from 'vitest';
import { MESH_CONFIGMAP, MESH_DATA_KEY } from '@/lib/probes/mesh-set';
import { meshMatrix } from '@/lib/probes/mesh-matrix';
import { PROBE_DATA_KEY, PROBE_LABEL } from '@/lib/probes/names';
import { parseReport, type ProbeReport } from '@/lib/probes/report';
import { historyIndex, nodeHistory } from '@/lib/probes/history';
import { dataPlaneVerdicts } from '@/lib/probes/verdict';
import { PARTITIONED_ZONES, ZONE_PARTITION } from './scenarios/zone-partition';
import { startTestCluster, type TestCluster } from './test-support';

const clusters: TestCluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.cleanup()));
});

async function start(scenario?: string): Promise<TestCluster> {
  // Rounds only when the test asks for them.
  const c = await startTestCluster({ probeIntervalMs: 3_600_000, ...(scenario ? { scenario } : {}) });
  clusters.push(c);
  return c;
}

interface Item { metadata: { name: string; annotations?: Record<string, string> }; data?: Record<string, string> }

async function reports(c: TestCluster): Promise<Map<string, ProbeReport>> {
  const list = await c.json<{ items: Item[] }>(`/api/v1/namespaces/cni-health/configmaps?labelSelector=${encodeURIComponent(PROBE_LABEL)}`);
  const out = new Map<string, ProbeReport>();
  for (const cm of list.items) {
    const parsed = parseReport(cm.data?.[PROBE_DATA_KEY] ?? '');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(cm.metadata.annotations?.['cni-health.io/node']).toBe(parsed.report.node);
    out.set(parsed.report.node, parsed.report);
  }
  return out;
}

/** The ring's members as every prober sees them: nodes with a running prober pod. */
async function nodes(c: TestCluster): Promise<{ name: string; zone?: string }[]> {
  const list = await c.json<{ items: { metadata: { name: string; labels?: Record<string, string> } }[] }>('/api/v1/nodes');
  const pods = await c.json<{ items: { spec: { nodeName?: string }; status: { phase?: string; podIP?: string } }[] }>(
    `/api/v1/namespaces/cni-health/pods?labelSelector=${encodeURIComponent('app.kubernetes.io/name=cni-health-prober')}`,
  );
  const running = new Set(pods.items.filter((p) => p.status.phase === 'Running' && p.status.podIP).map((p) => p.spec.nodeName));
  return list.items.filter((n) => running.has(n.metadata.name)).map((n) => ({ name: n.metadata.name, zone: n.metadata.labels?.['topology.kubernetes.io/zone'] }));
}

describe('demo probers', () => {
  it('publish a report per running prober, then write nothing while nothing changes', async () => {
    const c = await start();
    const r = await reports(c);
    // The node whose primary CNI never wrote its config cannot give its prober a sandbox.
    expect(r.size).toBe(11);
    expect(c.dataPlane.round()).toBe(0);
    const { verdicts } = dataPlaneVerdicts(await nodes(c), r, 4);
    expect(verdicts.size).toBe(11);
    expect([...verdicts.values()].filter((v) => v.state !== 'ok')).toEqual([]);
  });

  it('shows a node whose pod network died as unreachable from its peers', async () => {
    const c = await start();
    const [victim] = c.nodeNames();
    const res = await c.post('/demo/v1/data-plane', { action: 'kill-pod-network', node: victim });
    expect(res.status).toBe(200);
    const { verdicts } = dataPlaneVerdicts(await nodes(c), await reports(c), 4);
    expect(verdicts.get(victim ?? '')?.state).toBe('unreachable');
    expect(verdicts.get(victim ?? '')?.failedByCount).toBeGreaterThanOrEqual(2);
    await c.post('/demo/v1/data-plane', { action: 'restore-pod-network', node: victim });
    expect(dataPlaneVerdicts(await nodes(c), await reports(c), 4).verdicts.get(victim ?? '')?.state).toBe('ok');
  });

  it("keeps each check's history in the reports: the victim's peers publish its failure and its recovery, with their times", async () => {
    const c = await start();
    const [victim] = c.nodeNames();
    await c.post('/demo/v1/data-plane', { action: 'kill-pod-network', node: victim });
    await c.post('/demo/v1/data-plane', { action: 'restore-pod-network', node: victim });
    const h = nodeHistory(victim ?? '', historyIndex(await nodes(c), await reports(c), 4));
    const sources = new Set(h.asTarget.map((t) => t.source));
    expect(sources.size).toBeGreaterThanOrEqual(2);
    for (const source of sources) {
      const seen = h.asTarget.filter((t) => t.source === source);
      // Newest first: answered again, failed, answered at the start.
      expect(seen.map((t) => t.ok)).toEqual([true, false, true]);
      expect(seen[1]).toMatchObject({ loss: 1, error: expect.stringContaining('i/o timeout') });
      expect(seen[0]!.at > seen[1]!.at).toBe(true);
    }
  });

  it('plays zone-partition: configs healthy, the two zones cut from each other', async () => {
    const c = await start(ZONE_PARTITION);
    const scenario = await c.json<{ nodes: { cni: string }[] }>('/demo/v1/scenario');
    expect(scenario.nodes.every((n) => n.cni === 'healthy')).toBe(true);
    const fleet = await nodes(c);
    const { verdicts, zones } = dataPlaneVerdicts(fleet, await reports(c), 4);
    const [a, b] = PARTITIONED_ZONES;
    expect(zones.find((z) => z.from === a && z.to === b)).toMatchObject({ ok: 0 });
    const partial = fleet.filter((n) => verdicts.get(n.name)?.state === 'partial');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((n) => n.zone === a || n.zone === b)).toBe(true);
    await c.post('/demo/v1/data-plane', { action: 'heal-partitions' });
    expect([...dataPlaneVerdicts(fleet, await reports(c), 4).verdicts.values()].every((v) => v.state === 'ok')).toBe(true);
  });

  it('refuses unknown actions and zones with the list of what it knows', async () => {
    const c = await start();
    const bad = await c.post('/demo/v1/data-plane', { action: 'partition', zones: ['eu-west-1a', 'mars-1a'] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('eu-west-1b');
    expect((await c.post('/demo/v1/data-plane', { action: 'nope' })).status).toBe(400);
  });

  it('probes the chosen mesh in full, and a node whose pod network died fails its column', async () => {
    const c = await start();
    const fleet = await nodes(c);
    const set = fleet.slice(0, 6).map((n) => n.name);
    // As the dashboard's kubectl command does: the demo ships the ConfigMap empty, as deploy/probes does.
    const patched = await fetch(`${c.url}/api/v1/namespaces/cni-health/configmaps/${MESH_CONFIGMAP}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { [MESH_DATA_KEY]: set.join('\n') } }),
    });
    expect(patched.status).toBe(200);
    expect(c.dataPlane.round()).toBeGreaterThan(0);
    const matrix = async (): Promise<ReturnType<typeof meshMatrix>> => meshMatrix({
      set, zones: new Map(fleet.map((n) => [n.name, n.zone])), running: new Set(fleet.map((n) => n.name)), reports: await reports(c),
    });
    const full = await matrix();
    expect(full.cells.filter((x) => x.state !== 'self').map((x) => x.state)).toEqual(Array(30).fill('ok'));
    const victim = set[2] as string;
    await c.post('/demo/v1/data-plane', { action: 'kill-pod-network', node: victim });
    const cut = await matrix();
    // Its own row keeps its last published report (a dead pod network cannot publish); its column fails from every other member.
    expect(cut.cells.filter((x) => x.to === victim && x.from !== victim).map((x) => x.state)).toEqual(Array(5).fill('failing'));
    expect(cut.cells.filter((x) => x.to !== victim && x.from !== victim && x.from !== x.to).every((x) => x.state === 'ok')).toBe(true);
  });

  it('shows a zone partition in the mesh: the cut pairs fail both ways, the rest answers', async () => {
    const c = await start();
    const fleet = await nodes(c);
    const [a, b] = PARTITIONED_ZONES;
    const set = [...fleet.filter((n) => n.zone === a).slice(0, 2), ...fleet.filter((n) => n.zone === b).slice(0, 2)].map((n) => n.name);
    expect(set).toHaveLength(4);
    const zoneOf = new Map(fleet.map((n) => [n.name, n.zone]));
    await fetch(`${c.url}/api/v1/namespaces/cni-health/configmaps/${MESH_CONFIGMAP}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { [MESH_DATA_KEY]: set.join(' ') } }),
    });
    await c.post('/demo/v1/data-plane', { action: 'partition', zones: [a, b] });
    const m = meshMatrix({ set, zones: zoneOf, running: new Set(fleet.map((n) => n.name)), reports: await reports(c) });
    for (const cell of m.cells.filter((x) => x.state !== 'self')) {
      expect(cell.state, `${cell.from} → ${cell.to}`).toBe(zoneOf.get(cell.from) === zoneOf.get(cell.to) ? 'ok' : 'failing');
    }
  });
});
