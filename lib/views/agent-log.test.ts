/**
 * The node page's agent log against the demo cluster over HTTP: read as the
 * signed-in user (pods/log), bounded, and a user RBAC denies gets a state
 * that says so rather than an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_PRIMARY } from '@/demo/test-support';
import { DEMO_USER_COOKIE, requestUser, type UserContext } from '@/lib/k8s/user';
import { startDemoCache, type DemoCache } from '@/lib/testing/demo-cache';
import { agentLogView } from './agent-log';

let env: DemoCache;
beforeAll(async () => { env = await startDemoCache(); });
afterAll(async () => { await env?.stop(); });

function demoUser(name: 'admin' | 'viewer'): UserContext {
  const r = requestUser(env.cache, new Headers({ cookie: `${DEMO_USER_COOKIE}=${name}` }));
  if (!r.ok) throw new Error(r.error);
  return r.user;
}

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.demo.controlUrl}/faults`, { method: 'POST', headers: { authorization: `Bearer ${env.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBeLessThan(300);
}

describe('agentLogView', () => {
  it('reads the crash-looping aws-node\'s last run, its main container, at most the lines asked for', async () => {
    const view = await agentLogView(env.cache, demoUser('viewer'), MISSING_PRIMARY, { previous: true, tailLines: 5 }, Date.now());
    expect(view).toMatchObject({ state: 'ok', container: 'aws-node', previous: true, tailLines: 5 });
    if (view?.state !== 'ok') throw new Error('expected a log');
    expect(view.pod).toMatch(/^kube-system\/aws-node-/);
    expect(view.lines).toHaveLength(5);
    expect(view.truncated).toBe(true);
    expect(view.lines.every((l) => (JSON.parse(l) as { msg: string }).msg === 'Retrying waiting for IPAM-D')).toBe(true);
  });

  it('tells a user without get pods/log that they may not read logs', async () => {
    await fault({ fault: 'forbid', resource: 'pods/log' });
    try {
      const view = await agentLogView(env.cache, demoUser('viewer'), MISSING_PRIMARY, { previous: false, tailLines: 100 }, Date.now());
      expect(view).toMatchObject({ state: 'forbidden', container: 'aws-node' });
      expect(view?.state === 'forbidden' && view.message).toMatch(/^You may not read logs: viewer is not allowed to get pods\/log in namespace kube-system/);
    } finally {
      await fault({ fault: 'clear', name: 'forbid' });
    }
  });

  it('answers undefined for a node the cluster does not have', async () => {
    expect(await agentLogView(env.cache, demoUser('admin'), 'no-such-node', { previous: false, tailLines: 10 }, Date.now())).toBeUndefined();
  });
});
