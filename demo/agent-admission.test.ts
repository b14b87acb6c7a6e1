/**
 * The demo holds its node agents to the admission policy the install ships
 * (deploy/base/agent-policy.yaml): over HTTP with an agent pod's token, a
 * node's agent may rewrite its own snapshot and nothing of another node's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestCluster, type TestCluster } from './test-support';
import type { ConfigMapObject } from './types';

let c: TestCluster;
let nodes: string[];
let agentToken: string;
const CMS = '/api/v1/namespaces/cni-health/configmaps';

beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
  nodes = c.nodeNames();
  const minted = await c.post('/demo/v1/tokens', { role: 'agent', node: nodes[0] });
  expect(minted.status).toBe(201);
  agentToken = ((await minted.json()) as { token: string }).token;
});
afterAll(async () => {
  await c.cleanup();
});

const snapshotOf = (node: string): Promise<ConfigMapObject> => c.json<ConfigMapObject>(`${CMS}/cni-snapshot-${node}`);

describe('agents under the shipped admission policy', () => {
  it('lets a node\'s agent rewrite its own snapshot, as RBAC and the policy allow', async () => {
    const own = await snapshotOf(nodes[0]!);
    const put = await call(c, 'PUT', `${CMS}/${own.metadata.name}`, { ...own, data: { ...own.data } }, { token: agentToken });
    expect(put.status).toBe(200);
  });

  it('refuses it another node\'s snapshot, under that name or its own annotation, with the API server\'s denial', async () => {
    const other = await snapshotOf(nodes[1]!);
    const put = await call<{ code: number; reason: string; message: string }>(c, 'PUT', `${CMS}/${other.metadata.name}`, other, { token: agentToken });
    expect(put.status).toBe(422);
    expect(put.body).toMatchObject({
      reason: 'Invalid',
      message: `configmaps "${other.metadata.name}" is forbidden: ValidatingAdmissionPolicy 'cni-health-agent-own-node' with binding 'cni-health-agent-own-node' denied request: the agent may write only ConfigMaps annotated cni-health.io/node with its own node`,
    });
    const relabelled = { ...other, metadata: { ...other.metadata, annotations: { 'cni-health.io/node': nodes[0]! } } };
    expect((await call(c, 'PUT', `${CMS}/${other.metadata.name}`, relabelled, { token: agentToken })).status).toBe(422);
    expect((await call(c, 'DELETE', `${CMS}/${other.metadata.name}`, undefined, { token: agentToken })).status).toBe(422);
    const forged = { metadata: { name: 'cni-snapshot-forged', labels: other.metadata.labels, annotations: { 'cni-health.io/node': nodes[0]! } }, data: other.data };
    const post = await call<{ message: string }>(c, 'POST', CMS, forged, { token: agentToken });
    expect([post.status, post.body.message]).toEqual([422, expect.stringMatching(/denied request: the agent may write only the snapshot named cni-snapshot-<its node>$/)]);
    expect((await snapshotOf(nodes[1]!)).metadata.resourceVersion).toBe(other.metadata.resourceVersion);
  });

  it('refuses a repair request from an agent, and leaves RBAC to answer what the agent\'s role does not grant', async () => {
    const ask = { metadata: { name: 'cni-repair-x-1', labels: { 'cni-health.io/repair-request': 'v1alpha1' }, annotations: { 'cni-health.io/node': nodes[0]! } }, data: { 'request.json': '{}' } };
    expect((await call(c, 'POST', CMS, ask, { token: agentToken })).status).toBe(422);
    expect((await call(c, 'POST', CMS, ask)).status).toBe(201);
    expect((await call(c, 'DELETE', '/api/v1/namespaces/kube-system/pods/x', undefined, { token: agentToken })).status).toBe(403);
  });

  it('refuses a snapshot from anyone but agents and cluster admins: an operator may create repair requests, not snapshots', async () => {
    const asOperator = (method: string, path: string, body: unknown): Promise<Response> => fetch(`${c.url}${path}`, {
      method, body: JSON.stringify(body),
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'impersonate-user': 'alice', 'impersonate-group': 'cni-health:remediators' },
    });
    const other = await snapshotOf(nodes[1]!);
    const forged = { metadata: { name: 'cni-snapshot-by-alice', labels: other.metadata.labels, annotations: other.metadata.annotations }, data: other.data };
    const res = await asOperator('POST', CMS, forged);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/ValidatingAdmissionPolicy 'cni-health-snapshots-from-agents' with binding 'cni-health-snapshots-from-agents' denied request: only the cni-health agents write snapshot ConfigMaps/);
    expect((await asOperator('PUT', `${CMS}/${other.metadata.name}`, other)).status).toBe(422);
    const ask = { metadata: { name: 'cni-repair-x-2', labels: { 'cni-health.io/repair-request': 'v1alpha1' }, annotations: { 'cni-health.io/node': nodes[0]! } }, data: { 'request.json': '{}' } };
    expect((await asOperator('POST', CMS, ask)).status).toBe(201);
  });

  it('mints agent tokens only for nodes of the cluster', async () => {
    expect((await c.post('/demo/v1/tokens', { role: 'agent', node: 'no-such-node' })).status).toBe(404);
  });
});
