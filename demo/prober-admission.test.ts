/**
 * The demo holds its probers to the admission policy the install ships
 * (deploy/probes/prober-policy.yaml), as a real API server does: over HTTP
 * with a prober pod's token, a node's prober may rewrite its own report and
 * nothing of another node's. A ValidatingAdmissionPolicy denial is 422
 * Invalid when the validation names no reason
 * (staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/dispatcher.go;
 * https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/);
 * what the prober's Role does not grant is RBAC's 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_LABEL } from '@/lib/probes/names';
import { call, startTestCluster, type TestCluster } from './test-support';
import type { ConfigMapObject } from './types';

let c: TestCluster;
let mine: ConfigMapObject;
let other: ConfigMapObject;
let proberToken: string;
const CMS = '/api/v1/namespaces/cni-health/configmaps';
const node = (cm: ConfigMapObject): string => cm.metadata.annotations?.['cni-health.io/node'] ?? '';
const denied = (policy: string, why: string): RegExp => new RegExp(`forbidden: ValidatingAdmissionPolicy '${policy}' with binding '${policy}' denied request: ${why.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000, probeIntervalMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
  const reports = await c.json<{ items: ConfigMapObject[] }>(`${CMS}?labelSelector=${encodeURIComponent(PROBE_LABEL)}`);
  [mine, other] = reports.items as [ConfigMapObject, ConfigMapObject];
  const minted = await c.post('/demo/v1/tokens', { role: 'prober', node: node(mine) });
  expect(minted.status).toBe(201);
  proberToken = ((await minted.json()) as { token: string }).token;
});
afterAll(async () => {
  await c.cleanup();
});

describe('probers under the shipped admission policy', () => {
  it("lets a node's prober rewrite its own report", async () => {
    const put = await call(c, 'PUT', `${CMS}/${mine.metadata.name}`, mine, { token: proberToken });
    expect(put.status).toBe(200);
  });

  it("refuses it another node's report, under that name or a new one, with the API server's denial", async () => {
    const put = await call<{ code: number; reason: string; message: string }>(c, 'PUT', `${CMS}/${other.metadata.name}`, other, { token: proberToken });
    expect(put.status).toBe(422);
    expect(put.body.reason).toBe('Invalid');
    expect(put.body.message).toMatch(new RegExp(`^configmaps "${other.metadata.name}" is `));
    expect(put.body.message).toMatch(denied('cni-health-prober-own-node', 'the prober may write only the report named cni-probe-<its node>'));
    // Its own name, speaking for the other node.
    const { resourceVersion: _rv, ...meta } = mine.metadata;
    const claimed = { ...mine, metadata: { ...meta, annotations: { 'cni-health.io/node': node(other) } } };
    const relabel = await call<{ message: string }>(c, 'PUT', `${CMS}/${mine.metadata.name}`, claimed, { token: proberToken });
    expect([relabel.status, relabel.body.message]).toEqual([422, expect.stringMatching(denied('cni-health-prober-own-node', "a probe report must be annotated cni-health.io/node with the prober's own node"))]);
    const forged = { metadata: { name: `cni-probe-${node(other)}-2`, labels: other.metadata.labels, annotations: other.metadata.annotations }, data: other.data };
    expect((await call(c, 'POST', CMS, forged, { token: proberToken })).status).toBe(422);
    const after = await c.json<ConfigMapObject>(`${CMS}/${other.metadata.name}`);
    expect(after.metadata.resourceVersion).toBe(other.metadata.resourceVersion);
  });

  it('leaves to RBAC what the Role does not grant: no delete, nothing outside its namespace (403)', async () => {
    expect((await call(c, 'DELETE', `${CMS}/${mine.metadata.name}`, undefined, { token: proberToken })).status).toBe(403);
    expect((await call(c, 'GET', '/api/v1/namespaces/kube-system/configmaps', undefined, { token: proberToken })).status).toBe(403);
  });

  it('refuses a probe report from anyone but probers and cluster admins', async () => {
    const res = await fetch(`${c.url}${CMS}/${other.metadata.name}`, {
      method: 'PUT', body: JSON.stringify(other),
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'impersonate-user': 'alice', 'impersonate-group': 'cni-health:remediators' },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(denied('cni-health-probes-from-probers', 'only the cni-health probers write probe reports (label cni-health.io/probe, name cni-probe-*)'));
  });

  it('mints prober tokens only for nodes of the cluster', async () => {
    expect((await c.post('/demo/v1/tokens', { role: 'prober', node: 'no-such-node' })).status).toBe(404);
  });

  it('lets a prober list and watch the probe mesh by name only, as resourceNames grants it (a metadata.name field selector names the request)', async () => {
    const byName = `fieldSelector=${encodeURIComponent('metadata.name=cni-health-probe-mesh')}`;
    const list = await call(c, 'GET', `${CMS}?${byName}`, undefined, { token: proberToken });
    expect(list.status).toBe(200);
    expect((list.body as unknown as { items: ConfigMapObject[] }).items.map((i) => i.metadata.name)).toEqual(['cni-health-probe-mesh']);
    expect((await call(c, 'GET', CMS, undefined, { token: proberToken })).status).toBe(403);
    expect((await call(c, 'GET', `${CMS}?fieldSelector=${encodeURIComponent(`metadata.name=${other.metadata.name}`)}`, undefined, { token: proberToken })).status).toBe(403);
  });
});

