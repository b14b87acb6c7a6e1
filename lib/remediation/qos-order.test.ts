/**
 * "Wait for the primary CNI" and "Guaranteed QoS" applied to the demo
 * cluster's Multus DaemonSet in either order, through the API server's own
 * strategic merge: the QoS finding does not come back, and each preview
 * said which QoS class the pods would have.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { performCall } from '@/lib/k8s/actions';
import { DEMO_USER_COOKIE, requestUser } from '@/lib/k8s/user';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { planFromCache, sha256Hex } from './preview';

let env: DemoCache | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const ruleIds = (e: DemoCache): string[] => diagnoseCluster({ ...e.cache.state(), now: Date.now() }).findings.map((f) => f.ruleId);

async function applyPlan(e: DemoCache, action: string): Promise<{ before: string; after: string } | undefined> {
  const r = requestUser(e.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
  if (!r.ok) throw new Error(r.error);
  const planned = planFromCache(e.cache, action, undefined, {}, { id: 'abc', at: new Date().toISOString(), by: 'admin', namespace: 'cni-health', sha256Hex });
  if (!planned.ok || planned.plan.blocked) throw new Error(planned.ok ? planned.plan.blocked : planned.error);
  const before = e.cache.informers.daemonsets.list().find((d) => d.name === 'kube-multus-ds')!.generation;
  for (const call of planned.plan.calls) expect((await performCall(r.user.kubeConfig, call, false)).ok).toBe(true);
  await vi.waitFor(() => expect(e.cache.informers.daemonsets.list().find((d) => d.name === 'kube-multus-ds')!.generation).toBeGreaterThan(before), { timeout: 10_000, interval: 20 });
  return planned.plan.qos;
}

describe('two DaemonSet fixes in either order', () => {
  it('Guaranteed QoS, then wait for the primary CNI: the pods stay Guaranteed', async () => {
    env = await startDemoCache({ tickMs: 3_600_000 });
    expect(ruleIds(env)).toContain('multus-ds-not-guaranteed');
    expect(await applyPlan(env, 'multus-guaranteed-qos')).toEqual({ before: 'BestEffort', after: 'Guaranteed' });
    expect(ruleIds(env)).not.toContain('multus-ds-not-guaranteed');
    expect(await applyPlan(env, 'multus-wait-for-primary-cni')).toEqual({ before: 'Guaranteed', after: 'Guaranteed' });
    expect(ruleIds(env)).not.toContain('multus-ds-not-guaranteed');
    expect(ruleIds(env)).not.toContain('multus-ds-no-primary-wait');
  });

  it('wait for the primary CNI, then Guaranteed QoS: the QoS fix covers the new init container too', async () => {
    env = await startDemoCache({ tickMs: 3_600_000 });
    expect(await applyPlan(env, 'multus-wait-for-primary-cni')).toEqual({ before: 'BestEffort', after: 'BestEffort' });
    expect(await applyPlan(env, 'multus-guaranteed-qos')).toEqual({ before: 'BestEffort', after: 'Guaranteed' });
    expect(ruleIds(env)).not.toContain('multus-ds-not-guaranteed');
    expect(ruleIds(env)).not.toContain('multus-ds-no-primary-wait');
  });
});
