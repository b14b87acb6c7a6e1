/**
 * The whole path of the opt-in Node condition: a real agent with a
 * pod-bound token writes its node's CNIHealthy to the demo cluster over
 * HTTP; the dashboard's cache (informers through client-node, as the
 * dashboard's service account) reads it back, and the node page's view
 * shows it beside the dashboard's own verdict.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEALTHY } from '@/demo/test-support';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { buildNodeDetail } from '@/lib/views/node-detail';
import { Agent } from './agent';
import { agentConfig, NESTED_MULTUS, PRIMARY, tempNodeDirs, type Fixture } from './test-support';

let dc: DemoCache;
let agent: Agent | undefined;
let dirs: Fixture | undefined;
beforeAll(async () => {
  dc = await startDemoCache({ tickMs: 3_600_000 });
});
afterAll(async () => {
  await agent?.stop();
  await dirs?.cleanup();
  await dc.stop();
});

async function agentKubeConfig(node: string): Promise<KubeConfig> {
  const res = await fetch(`${dc.demo.url}/demo/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${dc.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'agent', node }) });
  const { token } = (await res.json()) as { token: string };
  const base = new KubeConfig();
  base.loadFromFile(dc.demo.kubeconfigPath);
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: base.clusters, users: [{ name: 'agent', token }], contexts: [{ name: 'agent', cluster: base.getCurrentCluster()!.name, user: 'agent' }], currentContext: 'agent' });
  return kc;
}

describe('a node\'s agent writes CNIHealthy and the node page shows it', () => {
  it('a healthy node whose directory breaks: the agent says False, the page agrees, and the message links the node page', async () => {
    const before = buildNodeDetail(dc.cache, HEALTHY, Date.now());
    expect(before.ok && before.view.cniCondition).toMatchObject({ status: 'True', agrees: true });
    dirs = await tempNodeDirs({ '00-multus.conf': NESTED_MULTUS, '10-aws.conflist': PRIMARY });
    agent = new Agent(agentConfig(HEALTHY, dirs, { nodeCondition: true, dashboardUrl: 'https://cni-health.example.com' }), await agentKubeConfig(HEALTHY));
    await agent.start();
    await vi.waitFor(() => {
      const after = buildNodeDetail(dc.cache, HEALTHY, Date.now());
      expect(after.ok && after.view.verdict).toBe('broken');
      expect(after.ok && after.view.cniCondition).toMatchObject({ status: 'False', reason: 'MultusNestedDelegates', expected: 'False', agrees: true });
    }, { timeout: 15_000, interval: 50 });
    const view = buildNodeDetail(dc.cache, HEALTHY, Date.now());
    expect(view.ok && view.view.cniCondition?.message).toMatch(/https:\/\/cni-health\.example\.com\/nodes\//);
  });
});
