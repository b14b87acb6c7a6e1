/**
 * Secrets and Leases, the kinds the dashboard keeps its shared state and its
 * leader election in, with the API server's semantics: one writer wins an
 * update with a stale resourceVersion (409 Conflict), a second create of a
 * name is 409 AlreadyExists, Secret data is base64 or a 400.
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseObject, SecretObject } from './types';
import { call, startTestCluster, type TestCluster } from './test-support';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterAll(async () => {
  await c.cleanup();
});

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/cni-health/leases';
const SECRETS = '/api/v1/namespaces/cni-health/secrets';

describe('Leases', () => {
  it('lets one of two updates from the same resourceVersion win; the other gets 409 Conflict', async () => {
    const created = await call<LeaseObject>(c, 'POST', LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'race' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } });
    expect(created.status).toBe(201);
    const take = (holder: string) => call<LeaseObject>(c, 'PUT', `${LEASES}/race`, { ...created.body, spec: { ...created.body.spec, holderIdentity: holder, renewTime: '2026-01-01T00:00:00.000000Z' } });
    const [first, second] = [await take('b'), await take('c')];
    expect(first.status).toBe(200);
    expect(second).toMatchObject({ status: 409, body: { reason: 'Conflict' } });
    expect((await call<LeaseObject>(c, 'GET', `${LEASES}/race`)).body.spec.holderIdentity).toBe('b');
    expect((await call(c, 'POST', LEASES, { metadata: { name: 'race' }, spec: {} })).body).toMatchObject({ code: 409, reason: 'AlreadyExists' });
  });

  it('refuses a duration that is not positive (422) and a renewTime that is not a time (400)', async () => {
    expect((await call(c, 'POST', LEASES, { metadata: { name: 'zero' }, spec: { leaseDurationSeconds: 0 } })).status).toBe(422);
    expect((await call(c, 'POST', LEASES, { metadata: { name: 'bad-time' }, spec: { renewTime: 'yesterday' } })).status).toBe(400);
  });
});

describe('Secrets', () => {
  it('stores base64 data, merges stringData into it, defaults the type, and refuses data that is not base64', async () => {
    const ok = await call<SecretObject>(c, 'POST', SECRETS, { metadata: { name: 's1' }, data: { a: 'eA==' }, stringData: { b: 'y' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ type: 'Opaque', data: { a: 'eA==', b: 'eQ==' } });
    expect(ok.body).not.toHaveProperty('stringData');
    expect((await call(c, 'POST', SECRETS, { metadata: { name: 's2' }, data: { a: 'not base64!' } })).status).toBe(400);
  });
});
