/**
 * TokenReview and SubjectAccessReview as a kube-apiserver answers them: only
 * for callers bound to system:auth-delegator, with the RBAC authorizer's
 * non-resource matching (the bootstrap system:discovery grant of /api/*
 * to everyone authenticated included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestCluster, type TestCluster } from './test-support';

interface TokenReviewAnswer { status: { authenticated: boolean; user?: { username?: string; groups?: string[] }; audiences?: string[]; error?: string } }
interface SarAnswer { status: { allowed: boolean; reason?: string } }

const TR = '/apis/authentication.k8s.io/v1/tokenreviews';
const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const tokenReview = (token: string) => ({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } });
const sar = (user: string, groups: string[], nonResourceAttributes: Record<string, string>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user, groups, nonResourceAttributes } });

async function mint(c: TestCluster, role: string): Promise<string> {
  const res = await c.post('/demo/v1/tokens', { role });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe('delegated reviews', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ tickMs: 3_600_000 });
  });
  afterAll(async () => {
    await c.cleanup();
  });

  it('tells whose token it is to the dashboard, and unknown or revoked tokens apart', async () => {
    const scraper = await mint(c, 'scraper');
    const known = await call<TokenReviewAnswer>(c, 'POST', TR, tokenReview(scraper), { token: c.dashboardToken });
    expect(known.status).toBe(201);
    expect(known.body.status).toMatchObject({ authenticated: true, user: { username: 'system:serviceaccount:monitoring:prometheus-k8s' }, audiences: ['https://kubernetes.default.svc.cluster.local'] });
    const unknown = await call<TokenReviewAnswer>(c, 'POST', TR, tokenReview('not-a-token'), { token: c.dashboardToken });
    expect(unknown).toMatchObject({ status: 201, body: { status: { authenticated: false } } });
    expect((await c.post('/demo/v1/tokens/revoke', { token: scraper })).status).toBe(200);
    const revoked = await call<TokenReviewAnswer>(c, 'POST', TR, tokenReview(scraper), { token: c.dashboardToken });
    expect(revoked.body.status.authenticated).toBe(false);
    const otherAudience = await call<TokenReviewAnswer>(c, 'POST', TR, { ...tokenReview(c.viewerToken), spec: { token: c.viewerToken, audiences: ['vault'] } }, { token: c.dashboardToken });
    expect(otherAudience.body.status.authenticated).toBe(false);
    expect((await call(c, 'POST', TR, tokenReview(''), { token: c.dashboardToken })).status).toBe(400);
  });

  it('answers only callers allowed to create reviews (system:auth-delegator)', async () => {
    const workload = await mint(c, 'workload');
    expect((await call(c, 'POST', TR, tokenReview(c.viewerToken), { token: workload })).status).toBe(403);
    expect((await call(c, 'POST', SAR, sar('viewer', [], { path: '/metrics', verb: 'get' }), { token: workload })).status).toBe(403);
  });

  it('grants /metrics only to the bound scraper, and /api/metrics to anyone authenticated (system:discovery)', async () => {
    const ask = async (user: string, groups: string[], path: string): Promise<SarAnswer['status']> =>
      (await call<SarAnswer>(c, 'POST', SAR, sar(user, groups, { path, verb: 'get' }), { token: c.dashboardToken })).body.status;
    const prometheus = ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'];
    const workload = ['system:serviceaccounts', 'system:serviceaccounts:payments', 'system:authenticated'];
    expect(await ask('system:serviceaccount:monitoring:prometheus-k8s', prometheus, '/metrics')).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "cni-health-metrics-reader" of ClusterRole "cni-health-metrics-reader" to ServiceAccount "prometheus-k8s/monitoring"' });
    expect(await ask('system:serviceaccount:payments:default', workload, '/metrics')).toEqual({ allowed: false });
    expect(await ask('system:serviceaccount:monitoring:prometheus-k8s', prometheus, '/metrics/extra')).toEqual({ allowed: false });
    expect((await ask('system:serviceaccount:payments:default', workload, '/api/metrics')).allowed).toBe(true);
    expect((await ask('system:serviceaccount:payments:default', workload, '/healthz')).allowed).toBe(true);
    const post = await call<SarAnswer>(c, 'POST', SAR, sar('system:serviceaccount:monitoring:prometheus-k8s', prometheus, { path: '/metrics', verb: 'post' }), { token: c.dashboardToken });
    expect(post.body.status.allowed).toBe(false);
  });

  it('refuses a review without a subject or with both kinds of attributes (422)', async () => {
    const noSubject = await call(c, 'POST', SAR, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' } } }, { token: c.dashboardToken });
    expect(noSubject.status).toBe(422);
    const both = await call(c, 'POST', SAR, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { user: 'viewer', resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { path: '/metrics', verb: 'get' } } }, { token: c.dashboardToken });
    expect(both.status).toBe(422);
  });

  it('answers resource questions about a subject with its RBAC', async () => {
    const read = await call<SarAnswer>(c, 'POST', SAR, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { user: 'viewer', groups: ['cni-health:viewers', 'system:authenticated'], resourceAttributes: { verb: 'list', resource: 'pods' } } }, { token: c.dashboardToken });
    expect(read.body.status.allowed).toBe(true);
    const write = await call<SarAnswer>(c, 'POST', SAR, { kind: 'SubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: { user: 'viewer', groups: ['cni-health:viewers', 'system:authenticated'], resourceAttributes: { verb: 'delete', resource: 'pods', namespace: 'kube-system' } } }, { token: c.dashboardToken });
    expect(write.body.status.allowed).toBe(false);
  });
});
