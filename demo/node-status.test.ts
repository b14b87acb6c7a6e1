/**
 * The Node status subresource as the demo serves it, with kube-apiserver's
 * semantics: a strategic merge patch merges conditions by `type`; the
 * status subresource keeps the stored spec and takes status and metadata
 * (pkg/registry/core/node/strategy.go); RBAC on `nodes/status`; and the
 * shipped Node condition policy binding each agent to its own node's
 * CNIHealthy condition (deploy/components/node-condition).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, HEALTHY, MISSING_PRIMARY, NESTED, startTestCluster, type TestCluster } from './test-support';
import type { NodeObject } from './types';

let c: TestCluster;
let nodes: string[];
let agentToken: string;
const SMP = 'application/strategic-merge-patch+json';

beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000, controllerMs: 5, kubeletMs: 10 });
  nodes = c.nodeNames();
  const minted = await c.post('/demo/v1/tokens', { role: 'agent', node: nodes[0] });
  agentToken = ((await minted.json()) as { token: string }).token;
});
afterAll(async () => {
  await c.cleanup();
});

const nodeOf = (name: string): Promise<NodeObject> => c.json<NodeObject>(`/api/v1/nodes/${name}`);
const condition = (status: string, reason = 'MultusNestedDelegates') => ({
  type: 'CNIHealthy', status, reason, message: 'nested', lastHeartbeatTime: '2026-12-06T10:00:00Z', lastTransitionTime: '2026-12-06T10:00:00Z',
});
const conditionsOf = (n: NodeObject): Array<{ type: string; status: string }> => (n.status as { conditions: Array<{ type: string; status: string }> }).conditions;
const patchStatus = (name: string, body: unknown, token?: string) => call<{ message: string; metadata?: { resourceVersion: string } }>(c, 'PATCH', `/api/v1/nodes/${name}/status`, body, { contentType: SMP, ...(token ? { token } : {}) });

describe('the simulated agents\' Node condition (on in the demo)', () => {
  it('says False with the main finding on broken nodes and True on healthy ones, beside the kubelet\'s conditions', async () => {
    const cni = async (name: string) => conditionsOf(await nodeOf(name)).find((x) => x.type === 'CNIHealthy');
    expect(await cni(NESTED[0]!)).toMatchObject({ status: 'False', reason: 'MultusNestedDelegates' });
    expect(await cni(MISSING_PRIMARY)).toMatchObject({ status: 'False', reason: 'CniConfigMissing' });
    expect(await cni(HEALTHY)).toMatchObject({ status: 'True', reason: 'CNIConfigHealthy' });
    expect(conditionsOf(await nodeOf(HEALTHY)).map((x) => x.type)).toContain('Ready');
    // Since the revision that broke the node, as an agent running all along would have written it.
    const snapshot = await c.json<{ data: Record<string, string> }>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${NESTED[0]}`);
    const observedAt = (JSON.parse(snapshot.data['snapshot.json']!) as { observedAt: string }).observedAt;
    expect(await cni(NESTED[0]!)).toMatchObject({ lastTransitionTime: observedAt });
  });
});

describe('PATCH /api/v1/nodes/{name}/status', () => {
  it('merges a condition by type, keeps the others in place, and keeps the stored spec', async () => {
    const before = await nodeOf(nodes[0]!);
    const res = await patchStatus(nodes[0]!, { spec: { unschedulable: true }, status: { conditions: [condition('False')] } }, agentToken);
    expect(res.status).toBe(200);
    const after = await nodeOf(nodes[0]!);
    const others = (n: NodeObject): unknown[] => conditionsOf(n).filter((x) => x.type !== 'CNIHealthy');
    expect(others(after)).toEqual(others(before));
    expect(conditionsOf(after).filter((x) => x.type === 'CNIHealthy')).toEqual([condition('False')]);
    expect(after.spec).toEqual(before.spec);
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(after.metadata.managedFields?.some((m) => m.subresource === 'status')).toBe(true);
    // A second write replaces the condition rather than adding one.
    expect((await patchStatus(nodes[0]!, { status: { conditions: [condition('True', 'CNIConfigHealthy')] } }, agentToken)).status).toBe(200);
    expect(conditionsOf(await nodeOf(nodes[0]!)).filter((x) => x.type === 'CNIHealthy')).toEqual([condition('True', 'CNIConfigHealthy')]);
  });

  it('lets metadata through the status subresource (for those the policy does not hold), as the API server does', async () => {
    const res = await patchStatus(nodes[2]!, { metadata: { labels: { 'example.com/set-through-status': 'yes' } } });
    expect(res.status).toBe(200);
    expect((await nodeOf(nodes[2]!)).metadata.labels?.['example.com/set-through-status']).toBe('yes');
  });

  it('refuses an agent another node, another condition, or a label, with the policy\'s denial', async () => {
    const other = await patchStatus(nodes[1]!, { status: { conditions: [condition('False')] } }, agentToken);
    expect(other.status).toBe(422);
    expect(other.body.message).toBe(`nodes "${nodes[1]}" is forbidden: ValidatingAdmissionPolicy 'cni-health-agent-node-condition' with binding 'cni-health-agent-node-condition' denied request: the agent may write the status of its own Node only`);
    const ready = await patchStatus(nodes[0]!, { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'forged by an agent' }] } }, agentToken);
    expect([ready.status, ready.body.message]).toEqual([422, expect.stringMatching(/denied request: the agent may change only the CNIHealthy condition$/)]);
    const capacity = await patchStatus(nodes[0]!, { status: { capacity: { pods: '1000' } } }, agentToken);
    expect([capacity.status, capacity.body.message]).toEqual([422, expect.stringMatching(/not the rest of the Node's status$/)]);
    const label = await patchStatus(nodes[0]!, { metadata: { labels: { 'node-role.kubernetes.io/control-plane': '' } } }, agentToken);
    expect([label.status, label.body.message]).toEqual([422, expect.stringMatching(/may not change the Node's metadata or spec$/)]);
  });

  it('authorizes the subresource on its own: the agent may not patch the Node itself, a viewer not its status', async () => {
    const main = await call<{ message: string }>(c, 'PATCH', `/api/v1/nodes/${nodes[0]}`, { metadata: { labels: { a: 'b' } } }, { token: agentToken, contentType: SMP });
    expect(main.status).toBe(403);
    const viewer = ((await (await c.post('/demo/v1/tokens', { role: 'viewer' })).json()) as { token: string }).token;
    const res = await patchStatus(nodes[0]!, { status: { conditions: [condition('False')] } }, viewer);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/cannot patch resource "nodes\/status" in API group "" at the cluster scope$/);
  });

  it('answers GET with the whole Node, and refuses create and delete on the subresource', async () => {
    const got = await c.json<NodeObject>(`/api/v1/nodes/${nodes[0]}/status`);
    expect(got.metadata.name).toBe(nodes[0]);
    expect((await call(c, 'DELETE', `/api/v1/nodes/${nodes[0]}/status`)).status).toBe(405);
    expect((await call(c, 'POST', `/api/v1/nodes/${nodes[0]}/status`, {})).status).toBe(405);
    expect((await call(c, 'GET', `/api/v1/namespaces/default/pods/x/status`)).status).toBe(404);
  });
});
