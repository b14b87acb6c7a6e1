import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTHY, startTestCluster, type TestCluster } from './test-support';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterAll(async () => {
  await c.cleanup();
});

const KUBECTL_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('authentication', () => {
  it.each([
    ['no token', null],
    ['a wrong token', 'not-the-token'],
  ])('answers 401 Status with %s, on every path', async (_what, token) => {
    for (const path of ['/version', '/api/v1/nodes', '/demo/v1/scenario', '/nope']) {
      const res = await c.get(path, { token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });
});

describe('errors', () => {
  it.each(['/api/v1/widgets', '/apis/apps/v1/replicasets', '/api/v1/pods/some-pod', '/api/v1/namespaces/shop/nodes', '/api/v1/namespaces/shop/pods/x/log', '/unknown'])(
    '404 Status for the unknown path %s',
    async (path) => {
      const res = await c.get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    },
  );

  it('404 Status naming the missing object', async () => {
    const res = await c.get('/api/v1/namespaces/shop/pods/checkout-nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ reason: 'NotFound', code: 404, message: 'pods "checkout-nope" not found', details: { name: 'checkout-nope', kind: 'pods' } });
    const ds = await c.get('/apis/apps/v1/namespaces/kube-system/daemonsets/nope');
    expect(await ds.json()).toMatchObject({ message: 'daemonsets.apps "nope" not found', details: { group: 'apps' } });
  });

  it('405 Status for a verb the kind does not serve (creating pods)', async () => {
    const res = await c.post('/api/v1/namespaces/shop/pods', {});
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
  });

  it('400 Status for a bad limit', async () => {
    const res = await c.get('/api/v1/pods?limit=-1');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});

describe('objects and discovery', () => {
  it('gets one object with kind, apiVersion and full metadata', async () => {
    const node = await c.json<{ kind: string; apiVersion: string; metadata: Record<string, unknown>; status: { conditions: { type: string }[] } }>(`/api/v1/nodes/${HEALTHY}`);
    expect(node.kind).toBe('Node');
    expect(node.apiVersion).toBe('v1');
    expect(node.metadata).toMatchObject({ name: HEALTHY, labels: { 'topology.kubernetes.io/zone': 'eu-west-1a' } });
    expect(node.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(node.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(node.metadata.managedFields).toBeInstanceOf(Array);
    expect(node.status.conditions.map((x) => x.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready', 'CNIHealthy']);
    const ns = await c.json<{ kind: string; status: { phase: string } }>('/api/v1/namespaces/shop');
    expect(ns).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' } });
  });

  it('serves /version and the discovery documents kubectl needs', async () => {
    expect(await c.json('/version')).toMatchObject({ major: '1', gitVersion: 'v1.30.4-eks-a737599' });
    expect(await c.json('/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = await c.json<{ kind: string; groups: { name: string }[] }>('/apis');
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => g.name)).toEqual(['apps', 'authentication.k8s.io', 'authorization.k8s.io', 'coordination.k8s.io', 'policy']);
    expect(await c.json('/apis/coordination.k8s.io/v1')).toMatchObject({ resources: [{ name: 'leases', namespaced: true, kind: 'Lease' }] });
    const core = await c.json<{ resources: { name: string; namespaced: boolean; shortNames?: string[]; verbs: string[] }[] }>('/api/v1');
    const byName = Object.fromEntries(core.resources.map((r) => [r.name, r]));
    expect(byName.pods).toMatchObject({ namespaced: true, shortNames: ['po'], verbs: ['delete', 'get', 'list', 'patch', 'update', 'watch'] });
    expect(byName['pods/eviction']).toMatchObject({ kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] });
    expect(byName.configmaps?.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(await c.json('/apis/policy/v1')).toMatchObject({ resources: [{ name: 'poddisruptionbudgets', shortNames: ['pdb'] }] });
    expect(await c.json('/apis/authorization.k8s.io/v1')).toMatchObject({ resources: [{ name: 'selfsubjectaccessreviews', verbs: ['create'] }, { name: 'subjectaccessreviews', verbs: ['create'] }] });
    expect(byName.nodes).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(byName.events?.shortNames).toEqual(['ev']);
    expect(byName.configmaps?.shortNames).toEqual(['cm']);
    const apps = await c.json<{ groupVersion: string; resources: { name: string; shortNames?: string[] }[] }>('/apis/apps/v1');
    expect(apps).toMatchObject({ groupVersion: 'apps/v1', resources: [{ name: 'daemonsets', shortNames: ['ds'] }] });
    // Asked for aggregated discovery, it answers the plain form as plain JSON; clients fall back.
    const agg = await c.get('/api', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    expect(agg.headers.get('content-type')).toBe('application/json');
  });

  it('prints server-side Tables for kubectl', async () => {
    const res = await c.get('/api/v1/pods?limit=500', { accept: KUBECTL_ACCEPT });
    expect(res.headers.get('content-type')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = (await res.json()) as { kind: string; apiVersion: string; columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[]; object: { kind: string; metadata: { namespace: string } } }[] };
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.columnDefinitions.filter((d) => d.priority === 0).map((d) => d.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(table.rows.length).toBeGreaterThan(90);
    expect(table.rows[0]?.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    const statuses = new Set(table.rows.map((r) => r.cells[2]));
    expect(statuses).toContain('ContainerCreating');
    expect(statuses).toContain('CrashLoopBackOff');
    const nodes = (await (await c.get('/api/v1/nodes', { accept: KUBECTL_ACCEPT })).json()) as { rows: { cells: string[] }[] };
    expect(nodes.rows.map((r) => r.cells[1])).toContain('NotReady');
  });
});
