/**
 * The agent's opt-in Node condition against the demo cluster over HTTP,
 * with a pod-bound agent token and the shipped policies: it writes its own
 * node's CNIHealthy from its directory, moves it when the directory does,
 * and cannot write another node's.
 */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCluster, type TestCluster } from '../demo/test-support';
import type { NodeObject } from '../demo/types';
import { Agent } from './agent';
import { NodeConditionWriter } from './node-condition';
import { agentConfig, MULTUS, NESTED_MULTUS, PRIMARY, tempNodeDirs, type Fixture } from './test-support';

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

interface Cond { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string; lastHeartbeatTime?: string }
const conditionOf = async (node: string): Promise<Cond | undefined> =>
  ((await c.json<NodeObject>(`/api/v1/nodes/${node}`)).status as { conditions?: Cond[] }).conditions?.find((x) => x.type === 'CNIHealthy');

async function agentKubeConfig(node: string): Promise<KubeConfig> {
  const res = await c.post('/demo/v1/tokens', { role: 'agent', node });
  const { token } = (await res.json()) as { token: string };
  const base = new KubeConfig();
  base.loadFromFile(c.kubeconfigPath);
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: base.clusters, users: [{ name: 'agent', token }], contexts: [{ name: 'agent', cluster: base.getCurrentCluster()!.name, user: 'agent' }], currentContext: 'agent' });
  return kc;
}

async function run(node: string, tokenNode: string, files: Record<string, string>): Promise<{ agent: Agent; d: Fixture }> {
  const d = await tempNodeDirs(files);
  dirs.push(d);
  const agent = new Agent(agentConfig(node, d, { nodeCondition: true, dashboardUrl: 'https://cni-health.example.com' }), await agentKubeConfig(tokenNode));
  agents.push(agent);
  await agent.start();
  return { agent, d };
}

describe('the agent\'s Node condition', () => {
  it('writes its own node\'s CNIHealthy=False for a self-nested Multus config, then True once the file is fixed', async () => {
    const node = c.nodeNames()[0]!;
    const { d } = await run(node, node, { '00-multus.conf': NESTED_MULTUS, '10-aws.conflist': PRIMARY, 'multus.d/multus.kubeconfig': 'apiVersion: v1\n' });
    await vi.waitFor(async () => expect(await conditionOf(node)).toMatchObject({ status: 'False', reason: 'MultusNestedDelegates' }), { timeout: 10_000, interval: 50 });
    const broken = (await conditionOf(node))!;
    expect(broken.message).toMatch(new RegExp(` https://cni-health\\.example\\.com/nodes/${node.replace(/\./g, '\\.')}$`));
    await d.write('00-multus.conf', MULTUS);
    await vi.waitFor(async () => expect(await conditionOf(node)).toMatchObject({ status: 'True', reason: 'CNIConfigHealthy' }), { timeout: 10_000, interval: 50 });
    const fixed = (await conditionOf(node))!;
    expect(Date.parse(fixed.lastTransitionTime!)).toBeGreaterThanOrEqual(Date.parse(broken.lastTransitionTime!));
    // Only its own condition: the kubelet's are as they were.
    const ready = ((await c.json<NodeObject>(`/api/v1/nodes/${node}`)).status as { conditions: Cond[] }).conditions.filter((x) => x.type === 'Ready');
    expect(ready).toHaveLength(1);
  });

  it('with another node\'s name but its own token, has the condition write refused, and that node\'s condition stays as it was', async () => {
    const [mine, other] = c.nodeNames();
    const before = await conditionOf(other!);
    const said: string[] = [];
    const writer = new NodeConditionWriter({ core: (await agentKubeConfig(mine!)).makeApiClient(CoreV1Api), node: other!, heartbeatMs: 300_000, log: (m) => said.push(m) });
    await writer.unreadable('forged', Date.now());
    expect(writer.lastError).toMatch(/ValidatingAdmissionPolicy 'cni-health-agent-node-condition' with binding 'cni-health-agent-node-condition' denied request: the agent may write the status of its own Node only/);
    expect(said).toEqual([expect.stringMatching(/^writing the node condition CNIHealthy failed: /)]);
    expect(await conditionOf(other!)).toEqual(before);
  });

  it('says Unknown when it cannot read its directory, rather than calling the node healthy or broken', async () => {
    const node = c.nodeNames()[2]!;
    const d = await tempNodeDirs({ 'not-a-directory': '{}' });
    dirs.push(d);
    // A file where the directory should be: readdir fails (ENOTDIR), which is not "no configs".
    const agent = new Agent(agentConfig(node, { ...d, confDir: `${d.confDir}/not-a-directory` }, { nodeCondition: true }), await agentKubeConfig(node));
    agents.push(agent);
    await agent.start();
    await vi.waitFor(async () => expect(await conditionOf(node)).toMatchObject({ status: 'Unknown', reason: 'ConfigDirUnreadable' }), { timeout: 10_000, interval: 50 });
    expect(agent.status().lastError).toMatch(/cannot read/);
  });
});

