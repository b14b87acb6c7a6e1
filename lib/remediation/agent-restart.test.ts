/**
 * "Restart the primary CNI pod on the node" against the demo cluster: the
 * node whose aws-node never wrote its config is offered that fix (and not a
 * Multus restart), and it is previewed, executed, verified and audited.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MISSING_PRIMARY } from '@/demo/test-support';
import { diagnoseCluster } from '@/lib/health/diagnose';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { auditView } from './audit';
import { getOperation } from './operations';
import { nodeActionIds } from './planner';
import { previewAction } from './preview';
import { startAction } from './start';

const NS = 'cni-health';
const fastTiming = { agentTimeoutMs: 10_000, nodeTimeoutMs: 20_000, rolloutStallMs: 20_000, pollMs: 50 };
let env: DemoCache;
beforeAll(async () => { env = await startDemoCache({ tickMs: 200 }); });
afterAll(async () => { await env?.stop(); });

function admin(): UserContext {
  const r = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=admin` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

const diagnosis = () => diagnoseCluster({ ...env.cache.state(), now: Date.now() }).nodes.find((n) => n.node.name === MISSING_PRIMARY)!;

describe('restart the primary CNI pod', () => {
  it('is the fix offered on the node whose aws-node crash-loops, and a Multus restart is not', () => {
    const d = diagnosis();
    expect(d.findings[0]).toMatchObject({ ruleId: 'primary-cni-agent-unhealthy', severity: 'error', title: 'The aws-node pod is crash-looping (CrashLoopBackOff)' });
    expect(d.findings[0]!.evidence.map((e) => e.message?.split(' ')[0])).toEqual(['phase', 'Unhealthy', 'BackOff']);
    expect(d.findings.find((f) => f.ruleId === 'cni-config-missing')?.cause?.ruleId).toBe('primary-cni-agent-unhealthy');
    const offered = nodeActionIds(d).map((a) => a.id);
    expect(offered).toContain('restart-primary-cni-pod');
    expect(offered).not.toContain('restart-multus-pod');
  });

  it('previews, runs once, verifies the new pod ready with the config back, and audits', async () => {
    const user = admin();
    const old = diagnosis().primaryAgent!.pod!;
    const preview = (await previewAction(env.cache, user, { action: 'restart-primary-cni-pod', node: MISSING_PRIMARY, params: {} }, NS)).preview!;
    expect(preview.canApply).toBe(true);
    expect(preview.calls.map((c) => [c.request, c.dryRun.ok])).toEqual([[`DELETE /api/v1/namespaces/kube-system/pods/${old.name}`, true]]);
    const started = await startAction(env.cache, user, { previewId: preview.previewId!, confirm: MISSING_PRIMARY, idempotencyKey: 'agent-restart-1' }, fastTiming);
    if (!started.ok) throw new Error(started.error);
    await vi.waitFor(() => expect(getOperation(started.operation.id)?.state).toBe('succeeded'), { timeout: 30_000, interval: 50 });
    expect(getOperation(started.operation.id)!.outcome).toMatch(/10-aws\.conflist present/);
    expect(diagnosis().primaryAgent?.pod?.uid).not.toBe(old.uid);
    // The node's Ready condition and its stuck pods follow the config (kubelet, next tick): wait on them, not on time.
    await vi.waitFor(() => expect(diagnosis().findings.filter((f) => f.severity === 'error')).toEqual([]), { timeout: 20_000, interval: 100 });
    await vi.waitFor(() => {
      const audit = auditView(env.cache.informers.events.list(), NS).entries.filter((e) => e.target === `Node/${MISSING_PRIMARY}`);
      expect(audit.map((e) => [e.action, e.user, e.outcome])).toEqual([['restart-primary-cni-pod', 'admin', 'succeeded']]);
    }, { timeout: 5_000, interval: 50 });
  });
});
