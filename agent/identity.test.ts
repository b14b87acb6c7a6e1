/**
 * The agent with a pod-bound agent token from the demo cluster (its user
 * info names the node, as since Kubernetes 1.30), under the admission policy
 * the install ships: it publishes its own node's snapshot, owned by its Node;
 * configured for another node it says why every write is refused, and is.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from '../demo/test-support';
import type { ConfigMapObject } from '../demo/types';
import { Agent } from './agent';
import { agentConfig, MULTUS, PRIMARY, tempNodeDirs, type Fixture } from './test-support';

let c: TestCluster;
const agents: Agent[] = [];
const dirs: Fixture[] = [];
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  await Promise.all(dirs.splice(0).map((d) => d.cleanup()));
});
afterAll(async () => {
  await c.cleanup();
});

async function agentKubeConfig(node: string): Promise<KubeConfig> {
  const res = await c.post('/demo/v1/tokens', { role: 'agent', node });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  const base = new KubeConfig();
  base.loadFromFile(c.kubeconfigPath);
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: base.clusters, users: [{ name: 'agent', token }], contexts: [{ name: 'agent', cluster: base.getCurrentCluster()!.name, user: 'agent' }], currentContext: 'agent' });
  return kc;
}

async function run(node: string, tokenNode: string): Promise<{ agent: Agent; said: string[] }> {
  const d = await tempNodeDirs({ '00-multus.conf': MULTUS, '10-aws.conflist': PRIMARY });
  dirs.push(d);
  const said: string[] = [];
  const agent = new Agent(agentConfig(node, d), await agentKubeConfig(tokenNode), (m) => said.push(m));
  agents.push(agent);
  await agent.start();
  return { agent, said };
}

describe('the agent under the node-binding admission policy', () => {
  it('publishes its own node\'s snapshot, owned by its Node', async () => {
    const node = c.nodeNames()[0]!;
    const { agent, said } = await run(node, node);
    expect(said).toContain(`identity: system:serviceaccount:cni-health:cni-health-agent on node ${node}`);
    expect(agent.status().lastError).toBeUndefined();
    const cm = await c.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${node}`);
    const nodeUid = (await c.json<{ metadata: { uid: string } }>(`/api/v1/nodes/${node}`)).metadata.uid;
    expect(cm.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: node, uid: nodeUid }]);
    expect(JSON.parse(cm.data['snapshot.json']!)).toMatchObject({ agent: { name: 'cni-health-agent' }, node });
  });

  it('configured for another node, says the cluster will refuse it, and the cluster does', async () => {
    const [mine, other] = c.nodeNames();
    const before = await c.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${other}`);
    const { agent, said } = await run(other!, mine!);
    expect(said).toContain(`identity: system:serviceaccount:cni-health:cni-health-agent on node ${mine}, but configured for ${other}: the cni-health admission policy refuses these writes`);
    await vi.waitFor(() => expect(agent.status().lastError).toMatch(/ValidatingAdmissionPolicy 'cni-health-agent-own-node' with binding 'cni-health-agent-own-node' denied request/), { timeout: 5_000, interval: 20 });
    const after = await c.json<ConfigMapObject>(`/api/v1/namespaces/cni-health/configmaps/cni-snapshot-${other}`);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });
});
