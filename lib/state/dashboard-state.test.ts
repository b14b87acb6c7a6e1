/**
 * Where state lives: in the cluster whenever the dashboard's namespace is
 * writable; outside a cluster, with credentials that may not write there (or
 * no such namespace), in this process, saying why.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '@/demo/test-support';
import { getSessionStore } from '@/lib/auth/sessions';
import { setDashboardState, startDashboardState } from './dashboard-state';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
});
afterEach(() => {
  setDashboardState(undefined);
  getSessionStore().attach(undefined);
});
afterAll(async () => {
  await c.cleanup();
});

const kubeConfig = (path: string, context?: string): KubeConfig => {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  if (context) kc.setCurrentContext(context);
  return kc;
};

describe('startDashboardState', () => {
  it('keeps state in the cluster with the dashboard\'s service account, and makes the session key once', async () => {
    const state = await startDashboardState(kubeConfig(c.demoModeKubeconfigPath), 'cni-health', false, 0);
    expect(state).toMatchObject({ storage: 'cluster' });
    expect(state.reason).toBeUndefined();
    expect(getSessionStore().persistent()).toBe(true);
    const again = await startDashboardState(kubeConfig(c.demoModeKubeconfigPath), 'cni-health', false, 0);
    expect(again.storage).toBe('cluster');
    expect(await state.records.get('cni-health-session-key')).toEqual(await again.records.get('cni-health-session-key'));
  });

  it('falls back to this process outside a cluster when the namespace is not writable (403) or missing (404), and says so', async () => {
    const viewer = await startDashboardState(kubeConfig(c.kubeconfigPath, 'cni-health-demo-viewer'), 'cni-health', false, 0);
    expect(viewer).toMatchObject({ storage: 'memory', reason: expect.stringContaining('HTTP 403') });
    expect(getSessionStore().persistent()).toBe(false);
    const missing = await startDashboardState(kubeConfig(c.kubeconfigPath), 'no-such-namespace', false, 0);
    expect(missing).toMatchObject({ storage: 'memory', reason: expect.stringContaining('HTTP 404') });
  });

  it('never falls back inside a cluster: the cluster stays the store', async () => {
    const state = await startDashboardState(kubeConfig(c.kubeconfigPath, 'cni-health-demo-viewer'), 'cni-health', true, 0);
    expect(state.storage).toBe('cluster');
  });
});
