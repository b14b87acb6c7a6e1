/**
 * The write verbs over HTTP, each with and without dryRun=All: what is
 * stored, what watchers hear, and the Status of every refusal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMapObject, DaemonSetObject, NodeObject, PodObject } from './types';
import { call, HEALTHY, NESTED, openWatch, startTestCluster, type TestCluster, type WatchStream } from './test-support';

let c: TestCluster;
const streams: WatchStream[] = [];
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
});
afterEach(() => streams.splice(0).forEach((s) => s.close()));
afterAll(async () => {
  await c.cleanup();
});

const CM = '/api/v1/namespaces/cni-health/configmaps';
const cm = (name: string, data: Record<string, string> = { a: '1' }): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function watch(path: string): Promise<WatchStream> {
  const list = await c.json<{ metadata: { resourceVersion: string } }>(path);
  const w = await openWatch(c, `${path}${path.includes('?') ? '&' : '?'}watch=1&resourceVersion=${list.metadata.resourceVersion}`);
  streams.push(w);
  return w;
}

describe('create, update, patch and delete', () => {
  it('dry-run of every verb validates and answers what would be stored, but stores nothing and tells no watcher', async () => {
    const w = await watch(CM);
    const rv = (await c.json<{ metadata: { resourceVersion: string } }>(CM)).metadata.resourceVersion;
    const created = await call<ConfigMapObject>(c, 'POST', `${CM}?dryRun=All`, cm('dry'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'dry', namespace: 'cni-health' });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.resourceVersion).toBeUndefined();
    expect((await c.get(`${CM}/dry`)).status).toBe(404);

    await call(c, 'POST', CM, cm('real'));
    await w.next((e) => e.type === 'ADDED' && e.object.metadata?.name === 'real');
    const before = await c.json<ConfigMapObject>(`${CM}/real`);
    const put = await call<ConfigMapObject>(c, 'PUT', `${CM}/real?dryRun=All`, { ...before, data: { a: '2' } });
    expect(put.body.data).toEqual({ a: '2' });
    const patched = await call<ConfigMapObject>(c, 'PATCH', `${CM}/real?dryRun=All`, { data: { b: '3' } }, { contentType: 'application/merge-patch+json' });
    expect(patched.body.data).toEqual({ a: '1', b: '3' });
    const del = await call(c, 'DELETE', `${CM}/real?dryRun=All`);
    expect(del.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'real', kind: 'configmaps' } });
    expect(await c.json<ConfigMapObject>(`${CM}/real`)).toEqual(before);

    // The next event after the dry runs is the real delete: nothing came in between.
    await call(c, 'DELETE', `${CM}/real`);
    const next = await w.next((e) => e.object.metadata?.name === 'real' && e.type !== 'ADDED');
    expect(next.type).toBe('DELETED');
    expect(Number(next.object.metadata?.resourceVersion)).toBeGreaterThan(Number(rv));
    expect((await c.get(`${CM}/real`)).status).toBe(404);
  });

  it('PUT honours the resourceVersion precondition (409 Conflict) and bumps the RV', async () => {
    const made = (await call<ConfigMapObject>(c, 'POST', CM, cm('put-me'))).body;
    const ok = await call<ConfigMapObject>(c, 'PUT', `${CM}/put-me`, { ...made, data: { a: 'x' } });
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.resourceVersion).not.toBe(made.metadata.resourceVersion);
    const stale = await call(c, 'PUT', `${CM}/put-me`, { ...made, data: { a: 'y' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409, message: 'Operation cannot be fulfilled on configmaps "put-me": the object has been modified; please apply your changes to the latest version and try again' });
    const dry = await call(c, 'PUT', `${CM}/put-me?dryRun=All`, { ...made, data: { a: 'y' } });
    expect(dry.status).toBe(409);
    expect((await call(c, 'POST', CM, cm('put-me'))).body).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('DELETE honours uid and resourceVersion preconditions, and 404s when gone', async () => {
    const made = (await call<ConfigMapObject>(c, 'POST', CM, cm('del-me'))).body;
    const wrongUid = await call(c, 'DELETE', `${CM}/del-me`, { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'nope' } });
    expect(wrongUid.body).toMatchObject({ code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on configmaps "del-me": Precondition failed: UID in precondition: nope, UID in object meta: ${made.metadata.uid}` });
    const wrongRv = await call(c, 'DELETE', `${CM}/del-me?dryRun=All`, { preconditions: { resourceVersion: '1' } });
    expect(wrongRv.status).toBe(409);
    const ok = await call(c, 'DELETE', `${CM}/del-me`, { preconditions: { uid: made.metadata.uid, resourceVersion: made.metadata.resourceVersion } });
    expect(ok.status).toBe(200);
    expect((await call(c, 'DELETE', `${CM}/del-me`)).body).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "del-me" not found' });
  });

  it('strategic merge patches merge containers by name; JSON patch test failures are 422', async () => {
    const path = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
    const patch = { spec: { template: { spec: { containers: [{ name: 'kube-multus', resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } } }] } } } };
    const res = await call<DaemonSetObject>(c, 'PATCH', `${path}?dryRun=All&fieldManager=cni-health`, patch, { contentType: 'application/strategic-merge-patch+json' });
    expect(res.status).toBe(200);
    const container = res.body.spec.template.spec.containers[0];
    expect(container?.image).toBe('ghcr.io/k8snetworkplumbingwg/multus-cni:v4.0.2');
    expect(container?.resources.limits).toEqual({ cpu: '100m', memory: '100Mi' });
    expect(res.body.metadata.generation).toBe(2);
    expect((await c.json<DaemonSetObject>(path)).metadata.generation).toBe(1);
    // A merge patch replaces the list: the container loses its image and the DaemonSet is invalid.
    const merged = await call(c, 'PATCH', `${path}?dryRun=All`, patch, { contentType: 'application/merge-patch+json' });
    expect(merged.body).toMatchObject({ code: 422, reason: 'Invalid', message: expect.stringContaining('DaemonSet.apps "kube-multus-ds" is invalid: spec.template.spec.containers[0].image: Required value') });
    const testFails = await call(c, 'PATCH', path, [{ op: 'test', path: '/spec/template/spec/containers/0/image', value: 'other' }, { op: 'replace', path: '/spec/revisionHistoryLimit', value: 3 }], { contentType: 'application/json-patch+json' });
    expect(testFails.body).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [{ reason: 'UnexpectedServerResponse', message: 'testing value /spec/template/spec/containers/0/image failed: test failed' }] } });
    const bad = await call(c, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: 'kube-multus', resources: { requests: { cpu: '200m' }, limits: { cpu: '100m' } } }] } } } }, { contentType: 'application/strategic-merge-patch+json' });
    expect(bad.body).toMatchObject({ code: 422, details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.template.spec.containers[0].resources.requests', message: 'Invalid value: "200m": must be less than or equal to cpu limit of 100m' }] } });
    const unsupported = await call(c, 'PATCH', path, {}, { contentType: 'application/apply-patch+yaml' });
    expect(unsupported.body).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });

  it('cordons a node through a patch; the node controller adds the unschedulable taint', async () => {
    const w = await watch(`/api/v1/nodes?fieldSelector=metadata.name%3D${HEALTHY}`);
    const dry = await call<NodeObject>(c, 'PATCH', `/api/v1/nodes/${HEALTHY}?dryRun=All`, { spec: { unschedulable: true } }, { contentType: 'application/strategic-merge-patch+json' });
    expect(dry.body.spec.unschedulable).toBe(true);
    expect((await c.json<NodeObject>(`/api/v1/nodes/${HEALTHY}`)).spec.unschedulable).toBeUndefined();
    await call(c, 'PATCH', `/api/v1/nodes/${HEALTHY}`, { spec: { unschedulable: true } }, { contentType: 'application/merge-patch+json' });
    const tainted = await w.next((e) => JSON.stringify(e.object.spec).includes('node.kubernetes.io/unschedulable'));
    expect((tainted.object as unknown as NodeObject).spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: expect.any(String) }]);
    const cordoned = await c.json<{ items: NodeObject[] }>('/api/v1/nodes?fieldSelector=spec.unschedulable%3Dtrue');
    expect(cordoned.items.map((n) => n.metadata.name)).toEqual([HEALTHY]);
    await call(c, 'PATCH', `/api/v1/nodes/${HEALTHY}`, [{ op: 'remove', path: '/spec/unschedulable' }], { contentType: 'application/json-patch+json' });
    await w.next((e) => e.type === 'MODIFIED' && !JSON.stringify(e.object.spec).includes('unschedulable'));
  });

  it('answers 400/422 for bad input, with the API server\'s words', async () => {
    expect((await call(c, 'POST', `${CM}?dryRun=Yes`, cm('x'))).body).toMatchObject({ code: 422, reason: 'Invalid', message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"' });
    expect((await call(c, 'DELETE', `${CM}/kube-root-ca.crt?dryRun=true`)).body).toMatchObject({ code: 422, message: expect.stringMatching(/^DeleteOptions.meta.k8s.io/) });
    expect((await call(c, 'POST', CM, '{not json')).body).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await call(c, 'POST', CM, cm('Bad_Name'))).body).toMatchObject({ code: 422, details: { causes: [{ field: 'metadata.name' }] } });
    expect((await call(c, 'POST', '/api/v1/namespaces/nope/configmaps', cm('x'))).body).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
    expect((await call(c, 'PUT', `${CM}/kube-root-ca.crt`, cm('other'))).body).toMatchObject({ code: 400, message: 'the name of the object (other) does not match the name on the URL (kube-root-ca.crt)' });
    const pod = (await c.json<{ items: PodObject[] }>(`/api/v1/pods?fieldSelector=spec.nodeName%3D${NESTED[0]}`)).items.find((p) => !p.spec.hostNetwork);
    const podPatch = await call(c, 'PATCH', `/api/v1/namespaces/${pod?.metadata.namespace}/pods/${pod?.metadata.name}?dryRun=All`, { spec: { nodeName: HEALTHY } }, { contentType: 'application/strategic-merge-patch+json' });
    expect(podPatch.body).toMatchObject({ code: 422, message: expect.stringContaining('pod updates may not change fields other than') });
  });
});

describe('events for audit', () => {
  it('creates a Normal event on a node in default', async () => {
    const ev = { metadata: { generateName: `${HEALTHY}.` }, involvedObject: { kind: 'Node', name: HEALTHY, uid: HEALTHY, apiVersion: 'v1' }, reason: 'CNIHealthRemediation', message: 'cordon-node by admin: Succeeded', type: 'Normal', source: { component: 'cni-health' }, reportingComponent: 'cni-health', reportingInstance: 'dashboard', firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1 };
    const res = await call<{ metadata: { name: string } }>(c, 'POST', '/api/v1/namespaces/default/events', ev);
    expect(res.status).toBe(201);
    expect(res.body.metadata.name.startsWith(`${HEALTHY}.`)).toBe(true);
    const found = await c.json<{ items: unknown[] }>('/api/v1/events?fieldSelector=reason%3DCNIHealthRemediation');
    expect(found.items).toHaveLength(1);
    expect((await call(c, 'POST', '/api/v1/namespaces/default/events', { ...ev, type: 'Info' })).body).toMatchObject({ code: 422 });
  });
});
