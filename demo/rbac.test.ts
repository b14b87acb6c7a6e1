/**
 * The dashboard's service account in the demo has exactly deploy/'s rules
 * (answered as Kubernetes RBAC answers them, SelfSubjectAccessReview
 * included), and after every start RBAC "warms up": only system:masters is
 * authorized until it has synced.
 */
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKustomization } from '../deploy/render';
import { DASHBOARD_RULES } from './rbac';
import { call, startTestCluster, type TestCluster } from './test-support';

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] }

const SA = 'system:serviceaccount:cni-health:cni-health-dashboard';
const ssar = (c: TestCluster, token: string, resourceAttributes: Record<string, string>) =>
  call<{ status: { allowed: boolean; reason?: string } }>(c, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } }, { token });

describe("the dashboard's service account", () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ tickMs: 3_600_000 });
  });
  afterAll(async () => {
    await c.cleanup();
  });

  it("has deploy/base/dashboard-rbac.yaml's rules (its reads and its audit Events), plus proxy mode's impersonation and the Prometheus component's auth-delegator", () => {
    const objects = renderKustomization(fileURLToPath(new URL('../deploy/base', import.meta.url)));
    const grants = (namespace: string | undefined, rules: Rule[]): string[] => rules.flatMap((r) => (r.apiGroups ?? []).flatMap((g) => (r.resources ?? []).flatMap((res) => (r.verbs ?? []).map((v) => `${namespace ?? '*'} "${g}" ${res} ${v}${r.resourceNames ? ` [${r.resourceNames.join(',')}]` : ''}`))));
    const deployed = objects
      .filter((o) => (o.kind === 'ClusterRole' || o.kind === 'Role') && ['cni-health-dashboard-read', 'cni-health-dashboard-audit', 'cni-health-dashboard-state'].includes(o.metadata.name))
      .flatMap((o) => grants(o.metadata.namespace, o.rules as Rule[]));
    const demo = DASHBOARD_RULES.flatMap((r) => grants(r.namespace, [{ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs], ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}) }]));
    // deploy/components/prometheus binds the built-in ClusterRole system:auth-delegator, whose rules these are.
    const monitoring = renderKustomization(fileURLToPath(new URL('../deploy/overlays/monitoring', import.meta.url)));
    expect(monitoring.find((o) => o.metadata.name === 'cni-health-dashboard-auth-delegator')).toMatchObject({ roleRef: { name: 'system:auth-delegator' }, subjects: [{ name: 'cni-health-dashboard', namespace: 'cni-health' }] });
    const authDelegator = ['* "authentication.k8s.io" tokenreviews create', '* "authorization.k8s.io" subjectaccessreviews create'];
    expect(demo.sort()).toEqual([...deployed, '* "" users impersonate', '* "" groups impersonate', ...authDelegator].sort());
  });

  it('reads its namespace\'s ConfigMaps, and no ConfigMap anywhere else', async () => {
    expect((await c.get('/api/v1/namespaces/cni-health/configmaps?limit=1', { token: c.dashboardToken })).status).toBe(200);
    const other = await call(c, 'GET', '/api/v1/namespaces/kube-system/configmaps/kube-proxy', undefined, { token: c.dashboardToken });
    expect(other).toMatchObject({ status: 403, body: { reason: 'Forbidden', message: `configmaps "kube-proxy" is forbidden: User "${SA}" cannot get resource "configmaps" in API group "" in the namespace "kube-system"` } });
    const all = await call(c, 'GET', '/api/v1/configmaps', undefined, { token: c.dashboardToken });
    expect(all).toMatchObject({ status: 403, body: { message: `configmaps is forbidden: User "${SA}" cannot list resource "configmaps" in API group "" at the cluster scope` } });
    expect((await ssar(c, c.dashboardToken, { verb: 'get', resource: 'configmaps', namespace: 'kube-system' })).body.status).toEqual({ allowed: false });
    expect((await ssar(c, c.dashboardToken, { verb: 'watch', resource: 'configmaps', namespace: 'cni-health' })).body.status).toEqual({
      allowed: true, reason: `RBAC: allowed by RoleBinding "cni-health-dashboard-read/cni-health" of Role "cni-health-dashboard-read" to ServiceAccount "cni-health-dashboard/cni-health"`,
    });
  });

  it('keeps its state in Secrets and one Lease of its namespace: the Lease narrowed by name, Secrets elsewhere out of reach', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cni-health-session-x' }, data: { v: 'eA==' } };
    expect((await call(c, 'POST', '/api/v1/namespaces/cni-health/secrets', secret, { token: c.dashboardToken })).status).toBe(201);
    expect((await call(c, 'POST', '/api/v1/namespaces/kube-system/secrets', secret, { token: c.dashboardToken })).status).toBe(403);
    const lease = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } });
    expect((await call(c, 'POST', '/apis/coordination.k8s.io/v1/namespaces/cni-health/leases', lease('cni-health-dashboard'), { token: c.dashboardToken })).status).toBe(201);
    expect((await call(c, 'GET', '/apis/coordination.k8s.io/v1/namespaces/cni-health/leases/cni-health-dashboard', undefined, { token: c.dashboardToken })).status).toBe(200);
    // Created (create cannot be narrowed by name), then out of reach: get names one Lease only.
    expect((await call(c, 'POST', '/apis/coordination.k8s.io/v1/namespaces/cni-health/leases', lease('other'), { token: c.dashboardToken })).status).toBe(201);
    expect(await call(c, 'GET', '/apis/coordination.k8s.io/v1/namespaces/cni-health/leases/other', undefined, { token: c.dashboardToken })).toMatchObject({ status: 403, body: { message: `leases.coordination.k8s.io "other" is forbidden: User "${SA}" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "cni-health"` } });
    expect((await c.get('/apis/coordination.k8s.io/v1/namespaces/cni-health/leases', { token: c.dashboardToken })).status).toBe(403);
    // The viewer (the built-in `view` role) reads no Secret.
    expect((await c.get('/api/v1/namespaces/cni-health/secrets', { token: c.viewerToken })).status).toBe(403);
  });

  it('reads the kinds the analysis needs cluster-wide, nothing else, and writes nothing', async () => {
    for (const path of ['/api/v1/nodes', '/api/v1/pods', '/api/v1/events', '/apis/apps/v1/daemonsets']) {
      expect((await c.get(`${path}?limit=1`, { token: c.dashboardToken })).status, path).toBe(200);
    }
    expect((await c.get('/api/v1/namespaces?limit=1', { token: c.dashboardToken })).status).toBe(403);
    expect((await c.get('/apis/policy/v1/poddisruptionbudgets?limit=1', { token: c.dashboardToken })).status).toBe(403);
    expect((await ssar(c, c.dashboardToken, { verb: 'patch', group: 'apps', resource: 'daemonsets', namespace: 'kube-system' })).body.status.allowed).toBe(false);
    expect((await ssar(c, c.dashboardToken, { verb: 'list', group: 'apps', resource: 'daemonsets' })).body.status.allowed).toBe(true);
  });
});

describe('RBAC warm-up after a start', () => {
  let c: TestCluster;
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  beforeAll(async () => {
    c = await startTestCluster({ tickMs: 3_600_000, rbacWarmupMs: 4_000, now: () => t });
  });
  afterAll(async () => {
    await c.cleanup();
  });

  // A connection of its own per request: pooled keep-alive sockets die with the listener on stop().
  const send = (method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: { message?: string; reason?: string; status?: { allowed: boolean } } }> =>
    new Promise((resolve, reject) => {
      const req = request(`${c.url}${path}`, { method, agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { message?: string } }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const get = (path: string, token = c.token) => send('GET', path, token);
  const review = (token: string, resourceAttributes: Record<string, string>) =>
    send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', token, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } });

  const everyoneElseRefused = async (): Promise<void> => {
    expect(c.rbacSynced()).toBe(false);
    // system:masters passes: the privileged-groups authorizer does not read RBAC's informers.
    expect((await get('/api/v1/nodes?limit=1')).status).toBe(200);
    expect((await review(c.token, { verb: 'list', resource: 'pods' })).body.status?.allowed).toBe(true);
    const read = await get('/api/v1/pods?limit=1', c.dashboardToken);
    expect(read).toMatchObject({ status: 403, body: { reason: 'Forbidden', message: `pods is forbidden: User "${SA}" cannot list resource "pods" in API group "" at the cluster scope` } });
    expect((await get('/api/v1/nodes?limit=1', c.viewerToken)).status).toBe(403);
    // Its self reviews are refused too (system:basic-user is an RBAC binding): it cannot even ask.
    const refused = await review(c.dashboardToken, { verb: 'list', resource: 'pods' });
    expect(refused).toMatchObject({ status: 403, body: { message: `selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "${SA}" cannot create resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope` } });
    expect((await send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', c.viewerToken, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })).status).toBe(403);
    const write = await send('DELETE', '/api/v1/namespaces/kube-system/pods/x?dryRun=All', c.viewerToken);
    expect(write).toMatchObject({ status: 403, body: { message: 'pods "x" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "kube-system"' } });
    // Discovery is granted by RBAC (system:discovery) like everything else.
    expect(await get('/api', c.viewerToken)).toMatchObject({ status: 403, body: { message: 'forbidden: User "viewer" cannot get path "/api"' } });
  };

  it('at the first start, only system:masters is authorized until RBAC has synced', async () => {
    await everyoneElseRefused();
    t += 4_000;
    expect(c.rbacSynced()).toBe(true);
    expect((await get('/api/v1/pods?limit=1', c.dashboardToken)).status).toBe(200);
    expect((await review(c.dashboardToken, { verb: 'list', resource: 'pods' })).body.status?.allowed).toBe(true);
    expect((await get('/api', c.viewerToken)).status).toBe(200);
  });

  it('again after a restart, for the same window', async () => {
    await c.stop();
    await c.start();
    await everyoneElseRefused();
    t += 3_999;
    expect((await get('/api/v1/pods?limit=1', c.dashboardToken)).status).toBe(403);
    t += 1;
    expect((await get('/api/v1/pods?limit=1', c.dashboardToken)).status).toBe(200);
  });

  it('again after a restart through the control surface (down, then the warm-up)', async () => {
    t += 60_000;
    expect(c.rbacSynced()).toBe(true);
    expect((await c.post('/demo/v1/faults', { fault: 'restart', seconds: 2 })).status).toBe(200);
    await expect(get('/api/v1/nodes?limit=1')).rejects.toThrow(/socket hang up|ECONNRESET/);
    t += 2_000;
    await everyoneElseRefused();
    t += 4_000;
    expect((await get('/api/v1/pods?limit=1', c.dashboardToken)).status).toBe(200);
  });
});
