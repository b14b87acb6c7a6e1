import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_LABEL } from '@/lib/cni/snapshot';
import { HEALTHY, NESTED, startTestCluster, type TestCluster } from './test-support';

interface List {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { kind?: string; metadata: { name: string; namespace?: string; resourceVersion: string }; [k: string]: unknown }[];
}

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterAll(async () => {
  await c.cleanup();
});

const key = (i: List['items'][number]): string => `${i.metadata.namespace ?? ''}/${i.metadata.name}`;

async function listAll(path: string, limit: number): Promise<{ pages: List[]; keys: string[] }> {
  const pages: List[] = [];
  let cont: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await c.json<List>(`${path}${sep}limit=${limit}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    pages.push(page);
    cont = page.metadata.continue;
  } while (cont);
  return { pages, keys: pages.flatMap((p) => p.items.map(key)) };
}

describe('lists', () => {
  it('returns a typed list with the current resourceVersion and items without kind', async () => {
    const list = await c.json<List>('/api/v1/nodes');
    expect(list.kind).toBe('NodeList');
    expect(list.apiVersion).toBe('v1');
    expect(list.items).toHaveLength(12);
    expect(list.items[0]?.kind).toBeUndefined();
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(Date.now() * 100);
    const ds = await c.json<List>('/apis/apps/v1/namespaces/kube-system/daemonsets');
    expect(ds.kind).toBe('DaemonSetList');
    expect(ds.apiVersion).toBe('apps/v1');
    expect(ds.items.map((i) => i.metadata.name)).toEqual(['aws-node', 'ebs-csi-node', 'kube-multus-ds', 'kube-proxy']);
  });

  it('pages with limit/continue yield every object exactly once, sorted by namespace/name', async () => {
    const full = await c.json<List>('/api/v1/pods');
    const { pages, keys } = await listAll('/api/v1/pods', 7);
    expect(pages.length).toBeGreaterThan(5);
    expect(keys).toEqual(full.items.map(key));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(keys);
    expect(pages[0]?.metadata.remainingItemCount).toBe(full.items.length - 7);
    expect(pages.at(-1)?.metadata.continue).toBeUndefined();
  });

  it('serves every page from the first page\'s resourceVersion, even when objects change in between', async () => {
    const first = await c.json<List>('/api/v1/pods?limit=5');
    c.rebootWithRace(HEALTHY);
    let cont = first.metadata.continue;
    const later: List['items'] = [];
    while (cont) {
      const page = await c.json<List>(`/api/v1/pods?limit=50&continue=${encodeURIComponent(cont)}`);
      expect(page.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      later.push(...page.items);
      cont = page.metadata.continue;
    }
    for (const item of later) expect(Number(item.metadata.resourceVersion)).toBeLessThanOrEqual(Number(first.metadata.resourceVersion));
    c.heal(HEALTHY);
  });

  it('answers 410 Expired for a continue token older than the change log', async () => {
    const first = await c.json<List>('/api/v1/events?limit=3');
    expect(first.metadata.continue).toBeTruthy();
    c.rebootWithRace(HEALTHY);
    c.compactHistory();
    const res = await c.get(`/api/v1/events?limit=3&continue=${encodeURIComponent(first.metadata.continue ?? '')}`);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 });
    c.heal(HEALTHY);
  });

  it('rejects a malformed continue token with 400', async () => {
    const res = await c.get('/api/v1/pods?limit=3&continue=not-a-token');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});

describe('selectors over HTTP', () => {
  it('fieldSelector=spec.nodeName selects the pods of one node', async () => {
    const list = await c.json<List>(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${NESTED[0]}`)}`);
    expect(list.items.length).toBeGreaterThanOrEqual(8);
    for (const p of list.items) expect((p.spec as { nodeName: string }).nodeName).toBe(NESTED[0]);
  });

  it('selects sandbox failures of pods by involvedObject.kind and reason', async () => {
    const sel = encodeURIComponent('involvedObject.kind=Pod,reason=FailedCreatePodSandBox');
    const list = await c.json<List>(`/api/v1/events?fieldSelector=${sel}`);
    expect(list.items.length).toBeGreaterThanOrEqual(6);
    for (const e of list.items) {
      expect(e.reason).toBe('FailedCreatePodSandBox');
      expect(e.type).toBe('Warning');
      expect(e.source).toMatchObject({ component: 'kubelet' });
    }
  });

  it('selects snapshot ConfigMaps by label, across and within namespaces', async () => {
    const all = await c.json<List>(`/api/v1/configmaps?labelSelector=${encodeURIComponent(SNAPSHOT_LABEL)}`);
    expect(all.items).toHaveLength(12);
    const others = await c.json<List>(`/api/v1/configmaps?labelSelector=${encodeURIComponent(`!${SNAPSHOT_LABEL}`)}`);
    expect(others.items.length).toBeGreaterThan(8);
    const ns = await c.json<List>('/api/v1/namespaces/cni-health/configmaps');
    // 12 snapshots, the repair agent's config, 11 probe reports (the node without a primary CNI has no running prober)
    // and the empty probe mesh, as deploy/probes ships it.
    expect(ns.items).toHaveLength(25);
    const multus = await c.json<List>(`/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent('name in (multus)')}`);
    expect(multus.items).toHaveLength(12);
  });

  it('pages with selectors without remainingItemCount, as the real server does', async () => {
    const page = await c.json<List>(`/api/v1/pods?limit=2&labelSelector=${encodeURIComponent('k8s-app=aws-node')}`);
    expect(page.items).toHaveLength(2);
    expect(page.metadata.continue).toBeTruthy();
    expect(page.metadata.remainingItemCount).toBeUndefined();
  });

  it('answers 400 for an unsupported field label, with the API server\'s message', async () => {
    const res = await c.get('/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message: 'field label not supported: spec.bogus' });
    const nodes = await c.get('/api/v1/nodes?fieldSelector=spec.nodeName%3Dx');
    expect(nodes.status).toBe(400);
  });

  it('answers 400 for an unparsable label selector', async () => {
    const res = await c.get(`/api/v1/pods?labelSelector=${encodeURIComponent('app in (x')}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});
