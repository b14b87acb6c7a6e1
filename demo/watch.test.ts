import { describe, expect, it } from 'vitest';
import { HEALTHY, NESTED, openWatch, clusterPerTest, type TestCluster, type WatchStream } from './test-support';

const { start, streams } = clusterPerTest({ tickMs: 3_600_000 });

async function watch(cluster: TestCluster, path: string): Promise<WatchStream> {
  const s = await openWatch(cluster, path);
  streams.push(s);
  return s;
}

/** A change of one object of that kind, written to the store as a controller would; its RV. */
function touch(cluster: TestCluster, resource: 'nodes' | 'events'): string {
  const first = cluster.store.list(resource)[0]!;
  const key = first.metadata.namespace ? `${first.metadata.namespace}/${first.metadata.name}` : first.metadata.name;
  return cluster.store.update(resource, key, (o) => {
    o.metadata.labels = { ...o.metadata.labels, 'demo.cni-health.io/touched': String(Date.now()) };
  }).metadata.resourceVersion!;
}

const rvOf = async (cluster: TestCluster, path: string): Promise<string> =>
  (await cluster.json<{ metadata: { resourceVersion: string } }>(path)).metadata.resourceVersion;

describe('watch', () => {
  it('streams MODIFIED from a list\'s resourceVersion after a step', async () => {
    const cluster = await start();
    const rv = await rvOf(cluster, '/api/v1/nodes');
    const w = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    expect(w.contentType).toBe('application/json');
    cluster.heal(NESTED[0] ?? '');
    cluster.heal('ip-10-0-44-117.eu-west-1.compute.internal');
    const ev = await w.next((e) => e.type === 'MODIFIED' && e.object.metadata?.name === 'ip-10-0-44-117.eu-west-1.compute.internal');
    expect(ev.object.kind).toBe('Node');
    expect(Number(ev.object.metadata?.resourceVersion)).toBeGreaterThan(Number(rv));
    // Nothing from before the list's RV is replayed.
    expect(w.events.every((e) => Number(e.object.metadata?.resourceVersion) > Number(rv))).toBe(true);
  });

  it('sends ADDED for every matching object when no resourceVersion is given', async () => {
    const cluster = await start();
    const w = await watch(cluster, '/api/v1/namespaces/kube-system/pods?watch=true&labelSelector=name%3Dmultus');
    await w.next(() => w.events.length === 12);
    expect(w.events.every((e) => e.type === 'ADDED' && e.object.kind === 'Pod')).toBe(true);
  });

  it('sends DELETED when an object stops matching the field selector, ADDED when it matches again', async () => {
    const cluster = await start();
    const path = `/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${HEALTHY},status.phase=Running`)}`;
    const rv = await rvOf(cluster, path);
    const w = await watch(cluster, `${path}&watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    cluster.rebootWithRace(HEALTHY);
    const gone = await w.next((e) => e.type === 'DELETED');
    expect(gone.object.kind).toBe('Pod');
    // The previous content (still Running) with the RV of the change.
    expect((gone.object.status as { phase: string }).phase).toBe('Running');
    cluster.heal(HEALTHY);
    const back = await w.next((e) => e.type === 'ADDED' && e.object.metadata?.name === gone.object.metadata?.name);
    expect((back.object.status as { phase: string }).phase).toBe('Running');
  });

  it('sends BOOKMARKs (only the resourceVersion) once a change of that kind moved its cache past the watch\'s start, none to a kind that did not change', async () => {
    const cluster = await start({ bookmarkMs: 30, progressNotifyMs: 0 });
    const rv = await rvOf(cluster, '/api/v1/nodes');
    const nodes = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    const configmaps = await watch(cluster, `/api/v1/configmaps?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    const changed = touch(cluster, 'nodes');
    let n = 0;
    const bm = await nodes.next((e) => e.type === 'BOOKMARK' && ++n === 3);
    expect(bm.object).toEqual({ kind: 'Node', apiVersion: 'v1', metadata: { resourceVersion: changed } });
    expect(nodes.events.map((e) => e.type)).toEqual(['MODIFIED', 'BOOKMARK', 'BOOKMARK', 'BOOKMARK']);
    // The store's RV moved (a node changed), the ConfigMaps' watch cache did not: not a byte.
    expect(configmaps.events).toEqual([]);
  });

  it('a progress notification moves every idle cached kind to the current RV; an events watch (no watch cache) never gets a bookmark', async () => {
    const cluster = await start({ bookmarkMs: 30, progressNotifyMs: 40 });
    const rv = await rvOf(cluster, '/api/v1/nodes');
    const configmaps = await watch(cluster, `/api/v1/configmaps?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    const events = await watch(cluster, `/api/v1/events?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`);
    touch(cluster, 'nodes');
    const eventRv = touch(cluster, 'events');
    let n = 0;
    const bm = await configmaps.next((e) => e.type === 'BOOKMARK' && ++n === 3);
    expect(Number(bm.object.metadata?.resourceVersion)).toBeGreaterThan(Number(rv));
    expect(configmaps.events.every((e) => e.type === 'BOOKMARK')).toBe(true);
    expect(events.events).toEqual([expect.objectContaining({ type: 'MODIFIED', object: expect.objectContaining({ metadata: expect.objectContaining({ resourceVersion: eventRv }) }) })]);
  });

  it('sends a bookmark 2 s before the deadline when the kind moved past the watch\'s start, and none when it did not', async () => {
    // Bookmarks by frequency never come in this test: only the pre-deadline one can.
    const cluster = await start({ bookmarkMs: 3_600_000, progressNotifyMs: 0 });
    const rv = await rvOf(cluster, '/api/v1/nodes');
    const moved = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`);
    const quiet = await watch(cluster, `/apis/apps/v1/daemonsets?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=3`);
    const changed = touch(cluster, 'nodes');
    await Promise.all([moved.ended, quiet.ended]);
    expect(moved.events.map((e) => [e.type, e.object.metadata?.resourceVersion])).toEqual([['MODIFIED', changed], ['BOOKMARK', changed]]);
    expect(quiet.events).toEqual([]);
  });

  it('answers a watch from a compacted resourceVersion with one ERROR 410 event, then ends', async () => {
    const cluster = await start();
    const rv = await rvOf(cluster, '/api/v1/pods');
    cluster.rebootWithRace(HEALTHY);
    cluster.compactHistory();
    const w = await watch(cluster, `/api/v1/pods?watch=1&resourceVersion=${rv}`);
    expect(w.status).toBe(200);
    await w.ended;
    expect(w.events).toHaveLength(1);
    expect(w.events[0]?.type).toBe('ERROR');
    expect(w.events[0]?.object).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    expect(String(w.events[0]?.object.message)).toMatch(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  });

  it('ends the stream after timeoutSeconds', async () => {
    const cluster = await start();
    const w = await watch(cluster, '/apis/apps/v1/daemonsets?watch=1&timeoutSeconds=1');
    await w.ended;
    // aws-node, kube-multus-ds, kube-proxy, ebs-csi-node, cni-health-prober, cni-health-agent
    expect(w.events.filter((e) => e.type === 'ADDED')).toHaveLength(6);
  });

  it('ends every stream on dropWatches and stop, and serves the same state after start', async () => {
    const cluster = await start();
    const rv = await rvOf(cluster, '/api/v1/nodes');
    const a = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}`);
    const b = await watch(cluster, `/api/v1/events?watch=1&resourceVersion=${rv}`);
    await cluster.json('/api/v1/namespaces');
    expect(cluster.stats().openWatches).toBe(2);
    cluster.dropWatches();
    await Promise.all([a.ended, b.ended]);
    expect(cluster.stats().openWatches).toBe(0);

    const again = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}`);
    await cluster.stop();
    await again.ended;
    await expect(fetch(`${cluster.url}/version`)).rejects.toThrow();
    await cluster.start();
    expect(await rvOf(cluster, '/api/v1/nodes')).toBe(rv);
    // Resuming from the pre-restart RV works: the change log survived, like etcd.
    const resumed = await watch(cluster, `/api/v1/nodes?watch=1&resourceVersion=${rv}`);
    cluster.rebootWithRace(HEALTHY);
    await resumed.next((e) => e.type === 'MODIFIED' && e.object.metadata?.name === HEALTHY);
  });

  it('answers a single-object watch and rejects bad parameters with 400', async () => {
    const cluster = await start();
    const w = await watch(cluster, `/api/v1/nodes/${HEALTHY}?watch=1`);
    const added = await w.next((e) => e.type === 'ADDED');
    expect(added.object.metadata?.name).toBe(HEALTHY);
    const bad = await cluster.get('/api/v1/pods?watch=1&resourceVersion=abc');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});
