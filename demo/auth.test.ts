/**
 * Identities over HTTP: the viewer reads but may not write (403 worded as
 * the API server words it), both ask SelfSubjectAccessReview and
 * SelfSubjectReview; evictions respect PodDisruptionBudgets; the
 * refuse-dry-run fault turns every dry run into an admission denial.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PodObject } from './types';
import { call, NESTED, startTestCluster, type TestCluster } from './test-support';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
});
afterAll(async () => {
  await c.cleanup();
});

const ssar = (token: string, resourceAttributes: Record<string, string>): Promise<{ status: number; body: { status: { allowed: boolean; reason?: string } } }> =>
  call(c, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } }, { token });

describe('identities', () => {
  it('writes both users and contexts into the kubeconfig and the viewer token into state.json', async () => {
    const kubeconfig = await readFile(c.kubeconfigPath, 'utf8');
    expect(kubeconfig).toContain('current-context: cni-health-demo\n');
    expect(kubeconfig).toContain('- name: cni-health-demo-viewer');
    expect(kubeconfig).toContain(JSON.stringify(c.viewerToken));
    const state = JSON.parse(await readFile(`${c.stateDir}/state.json`, 'utf8')) as { viewerToken: string };
    expect(state.viewerToken).toBe(c.viewerToken);
  });

  it('lets the viewer read and refuses its writes with 403', async () => {
    expect((await c.get('/api/v1/pods?limit=1', { token: c.viewerToken })).status).toBe(200);
    const del = await call(c, 'DELETE', '/api/v1/namespaces/kube-system/pods/x?dryRun=All', undefined, { token: c.viewerToken });
    expect(del.status).toBe(403);
    expect(del.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: 'pods "x" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "kube-system"',
      details: { name: 'x', kind: 'pods' },
    });
    const patch = await call(c, 'PATCH', `/api/v1/nodes/${NESTED[0]}`, { spec: { unschedulable: true } }, { token: c.viewerToken, contentType: 'application/merge-patch+json' });
    expect(patch.body).toMatchObject({ code: 403, message: `nodes "${NESTED[0]}" is forbidden: User "viewer" cannot patch resource "nodes" in API group "" at the cluster scope` });
    const create = await call(c, 'POST', '/api/v1/namespaces/cni-health/configmaps', { metadata: { name: 'x' } }, { token: c.viewerToken });
    expect(create.body).toMatchObject({ code: 403, message: 'configmaps is forbidden: User "viewer" cannot create resource "configmaps" in API group "" in the namespace "cni-health"' });
    const evict = await call(c, 'POST', '/api/v1/namespaces/shop/pods/x/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'x' } }, { token: c.viewerToken });
    expect(evict.body).toMatchObject({ code: 403, message: 'pods "x" is forbidden: User "viewer" cannot create resource "pods/eviction" in API group "" in the namespace "shop"' });
    const ds = await call(c, 'PATCH', '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds', {}, { token: c.viewerToken, contentType: 'application/strategic-merge-patch+json' });
    expect(ds.body).toMatchObject({ code: 403, message: 'daemonsets.apps "kube-multus-ds" is forbidden: User "viewer" cannot patch resource "daemonsets" in API group "apps" in the namespace "kube-system"', details: { group: 'apps' } });
    expect((await c.get('/demo/v1/scenario', { token: c.viewerToken })).status).toBe(403);
  });

  it('answers SelfSubjectAccessReview from the RBAC model for both identities', async () => {
    const attrs = { verb: 'delete', group: '', resource: 'pods', namespace: 'kube-system', name: 'kube-multus-ds-abcde' };
    const admin = await ssar(c.token, attrs);
    expect(admin.status).toBe(201);
    expect(admin.body).toMatchObject({ kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { resourceAttributes: attrs }, status: { allowed: true, reason: expect.stringMatching(/^RBAC: allowed by ClusterRoleBinding/) } });
    expect((await ssar(c.viewerToken, attrs)).body.status).toEqual({ allowed: false });
    expect((await ssar(c.viewerToken, { verb: 'list', group: '', resource: 'pods' })).body.status.allowed).toBe(true);
    expect((await ssar(c.viewerToken, { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'shop' })).body.status.allowed).toBe(false);
    expect((await ssar(c.viewerToken, { verb: 'create', group: '', resource: 'configmaps', namespace: 'cni-health' })).body.status.allowed).toBe(false);
    const empty = await call(c, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: {} });
    expect(empty.body).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('tells each caller who it is (SelfSubjectReview)', async () => {
    const me = await call(c, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, { token: c.viewerToken });
    expect(me.status).toBe(201);
    expect(me.body).toMatchObject({ kind: 'SelfSubjectReview', status: { userInfo: { username: 'viewer', groups: ['cni-health:viewers', 'system:authenticated'] } } });
    const admin = await call(c, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(admin.body).toMatchObject({ status: { userInfo: { username: 'admin', groups: ['system:masters', 'system:authenticated'] } } });
  });
});

describe('eviction and PodDisruptionBudgets', () => {
  it('refuses to evict a running payments-api pod (429), evicts a stuck one', async () => {
    const pods = (await c.json<{ items: PodObject[] }>('/api/v1/namespaces/payments/pods?labelSelector=app%3Dpayments-api')).items.filter((p) => p.status.phase !== 'Failed');
    const running = pods.find((p) => p.status.phase === 'Running');
    const stuck = pods.find((p) => p.status.phase === 'Pending');
    expect(running && stuck).toBeTruthy();
    const pdb = await c.json<{ status: { disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number } }>('/apis/policy/v1/namespaces/payments/poddisruptionbudgets/payments-api');
    expect(pdb.status).toMatchObject({ disruptionsAllowed: 0, currentHealthy: 4, desiredHealthy: 4 });
    const evict = (p: PodObject | undefined, dry: boolean): ReturnType<typeof call> => call(c, 'POST', `/api/v1/namespaces/payments/pods/${p?.metadata.name}/eviction${dry ? '?dryRun=All' : ''}`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p?.metadata.name, namespace: 'payments' } });
    for (const dry of [true, false]) {
      const refused = await evict(running, dry);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeNull();
      expect(refused.body).toMatchObject({ reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.", details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget payments-api needs 4 healthy pods and has 4 currently' }] } });
    }
    const dry = await evict(stuck, true);
    expect(dry.body).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    expect((await c.get(`/api/v1/namespaces/payments/pods/${stuck?.metadata.name}`)).status).toBe(200);
    expect((await evict(stuck, false)).status).toBe(201);
    const after = await c.json<PodObject>(`/api/v1/namespaces/payments/pods/${stuck?.metadata.name}`).catch(() => undefined);
    expect(after === undefined || after.metadata.deletionTimestamp !== undefined).toBe(true);
  });
});

describe('a PodDisruptionBudget created through the API', () => {
  it('starts with nothing allowed, then the disruption controller counts its pods', async () => {
    const created = await call<{ status: { disruptionsAllowed: number; expectedPods: number } }>(c, 'POST', '/apis/policy/v1/namespaces/shop/poddisruptionbudgets',
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'cart' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'cart' } } } });
    expect(created.status).toBe(201);
    expect(created.body.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    const pods = (await c.json<{ items: PodObject[] }>('/api/v1/namespaces/shop/pods?labelSelector=app%3Dcart')).items;
    expect(pods.length).toBeGreaterThan(0);
    await vi.waitFor(async () => {
      const pdb = await c.json<{ status: { expectedPods: number } }>('/apis/policy/v1/namespaces/shop/poddisruptionbudgets/cart');
      expect(pdb.status.expectedPods).toBe(pods.length);
    }, { timeout: 5_000, interval: 20 });
  });
});

describe('the refuse-dry-run fault', () => {
  it('makes every dry run an admission denial until switched off', async () => {
    expect((await c.post('/demo/v1/faults', { fault: 'refuse-dry-run', enabled: true })).status).toBe(200);
    try {
      const denied = await call(c, 'DELETE', '/api/v1/namespaces/cni-health/configmaps/kube-root-ca.crt?dryRun=All');
      expect(denied.body).toMatchObject({ code: 403, reason: 'Forbidden', message: expect.stringMatching(/^admission webhook "validate.example.com" denied the request: /) });
      const patch = await call(c, 'PATCH', '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds?dryRun=All', { metadata: { labels: { x: 'y' } } }, { contentType: 'application/merge-patch+json' });
      expect(patch.status).toBe(403);
      expect((await c.json<{ faults: { refuseDryRun: boolean } }>('/demo/v1/scenario')).faults.refuseDryRun).toBe(true);
    } finally {
      await c.post('/demo/v1/faults', { fault: 'refuse-dry-run', enabled: false });
    }
    expect((await call(c, 'DELETE', '/api/v1/namespaces/cni-health/configmaps/kube-root-ca.crt?dryRun=All')).status).toBe(200);
    expect((await c.post('/demo/v1/faults', { fault: 'refuse-dry-run' })).status).toBe(400);
  });
});

describe('impersonation and run-time tokens', () => {
  // node:http, not fetch: fetch folds repeated headers into one comma-joined line, the API server reads each line as one group.
  const raw = (method: string, path: string, headers: Record<string, string | string[]>, token: string, body?: unknown): Promise<{ status: number; body: unknown }> =>
    new Promise((resolve, reject) => {
      const req = request(`${c.url}${path}`, { method, headers: { ...headers, authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const ssr = (headers: Record<string, string | string[]>, token: string) =>
    raw('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', headers, token, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });

  it('lets the dashboard identity impersonate a user and groups, and acts as them', async () => {
    const state = JSON.parse(await readFile(`${c.stateDir}/state.json`, 'utf8')) as { dashboardToken: string };
    const who = await ssr({ 'Impersonate-User': 'alice', 'Impersonate-Group': ['cni-health:viewers', 'ops'] }, state.dashboardToken);
    expect(who.status).toBe(201);
    expect((who.body as { status: { userInfo: unknown } }).status.userInfo).toMatchObject({ username: 'alice', groups: ['cni-health:viewers', 'ops', 'system:authenticated'] });
    const write = await raw('DELETE', '/api/v1/namespaces/kube-system/pods/x?dryRun=All', { 'Impersonate-User': 'alice', 'Impersonate-Group': 'cni-health:viewers' }, state.dashboardToken);
    expect(write.status).toBe(403);
    expect((write.body as { message: string }).message).toContain('User "alice" cannot delete');
    // Its own writes are refused too: the dashboard only reads.
    expect((await call(c, 'DELETE', '/api/v1/namespaces/kube-system/pods/x?dryRun=All', undefined, { token: state.dashboardToken })).status).toBe(403);
  });

  it('refuses impersonation to identities without the impersonate verb', async () => {
    const r = await ssr({ 'Impersonate-User': 'admin' }, c.viewerToken);
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toContain('cannot impersonate resource "users"');
  });

  it('mints a token that works until it is revoked, then answers 401', async () => {
    const minted = await call(c, 'POST', '/demo/v1/tokens', { role: 'viewer' }, { token: c.token });
    const token = (minted.body as { token: string }).token;
    expect((await c.get('/api/v1/nodes?limit=1', { token })).status).toBe(200);
    expect((await call(c, 'POST', '/demo/v1/tokens/revoke', { token }, { token: c.token })).body).toEqual({ revoked: true });
    expect((await c.get('/api/v1/nodes?limit=1', { token })).status).toBe(401);
  });
  it('mints a workload token that may ask who it is and read nothing', async () => {
    const minted = await call(c, 'POST', '/demo/v1/tokens', { role: 'workload' }, { token: c.token });
    expect(minted.status).toBe(201);
    const token = (minted.body as { token: string }).token;
    const who = await ssr({}, token);
    expect(who.status).toBe(201);
    expect((who.body as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe('system:serviceaccount:payments:default');
    const nodes = await c.get('/api/v1/nodes?limit=1', { token });
    expect(nodes.status).toBe(403);
    expect(((await nodes.json()) as { message: string }).message).toContain('User "system:serviceaccount:payments:default" cannot list resource "nodes"');
    expect((await ssar(token, { verb: 'list', resource: 'configmaps', namespace: 'cni-health' })).body.status.allowed).toBe(false);
    expect((await call(c, 'POST', '/demo/v1/tokens', { role: 'root' }, { token: c.token })).status).toBe(400);
  });
});
