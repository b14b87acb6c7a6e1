/**
 * The demo cluster's `multus-restart-window` scenario through the dashboard's
 * read path (client-node over HTTP, informers, projections), then the
 * recreate action's evictions against its API: the replacements get every
 * network, as Multus attaches them now that its config is back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { planRecreatePartialPods } from '@/lib/remediation/recreate-plans';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';

let env: DemoCache;

beforeAll(async () => {
  env = await startDemoCache({ scenario: 'multus-restart-window' });
});

afterAll(async () => {
  await env.stop();
});

const diagnose = () => diagnoseCluster({ ...env.cache.state(), now: Date.now() });

describe('multus-restart-window on the demo cluster', () => {
  it('has exactly one degraded node, whose recommendations pods started while Multus\'s config was absent; the rest stay as they were', async () => {
    const res = await fetch(`${env.demo.controlUrl}/scenario`, { headers: { Authorization: `Bearer ${env.demo.token}` } });
    const desc = await res.json() as { nodes: Array<{ name: string; expected: string }> };
    const degraded = desc.nodes.filter((n) => n.expected === 'degraded').map((n) => n.name);
    expect(degraded).toHaveLength(1);
    const nodes = diagnose().nodes;
    const partial = nodes.filter((d) => d.partial.length > 0);
    expect(partial.map((d) => d.node.name)).toEqual(degraded);
    const d = partial[0]!;
    expect(d.verdict).toBe('degraded');
    expect(d.partial.every((p) => p.pod.name.startsWith('recommendations-') && p.missing[0]!.name === 'shop/feature-store-vlan')).toBe(true);
    const f = d.findings.find((x) => x.ruleId === 'pod-networks-missing')!;
    expect(f.evidence.every((e) => e.message?.includes('started while Multus\'s config was absent'))).toBe(true);
    // Pods Multus set up elsewhere carry the full status.
    const attached = env.cache.state().pods.filter((p) => p.networks && p.nodeName !== d.node.name && p.phase === 'Running');
    expect(attached.length).toBeGreaterThan(0);
    expect(attached.every((p) => p.networks!.attached?.some((a) => a.name === 'shop/feature-store-vlan' && a.interface === 'net1'))).toBe(true);
  });

  it('the planned evictions bring replacements with every network, and the node back to healthy', async () => {
    const d = diagnose().nodes.find((n) => n.partial.length > 0)!;
    const plan = planRecreatePartialPods(d);
    expect(plan.blocked).toBeUndefined();
    for (const call of plan.calls) {
      const t = call.target;
      const res = await fetch(`${env.demo.url}/api/v1/namespaces/${t.namespace}/pods/${t.name}/eviction`, {
        method: 'POST', headers: { Authorization: `Bearer ${env.demo.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(call.body),
      });
      expect(res.status).toBe(201);
    }
    await vi.waitFor(() => {
      const now = diagnose().nodes.find((n) => n.node.name === d.node.name)!;
      expect(now.partial).toEqual([]);
      expect(env.cache.state().pods.filter((p) => plan.verify?.kind === 'pods-reattached' && plan.verify.uids.includes(p.uid))).toEqual([]);
      const replacements = env.cache.state().pods.filter((p) => p.nodeName === d.node.name && p.name.startsWith('recommendations-'));
      expect(replacements.length).toBe(d.partial.length);
      expect(replacements.every((p) => p.phase === 'Running' && p.networks?.attached?.some((a) => a.name === 'shop/feature-store-vlan'))).toBe(true);
      expect(now.verdict).toBe('healthy');
    }, { timeout: 30_000, interval: 100 });
  });
});
