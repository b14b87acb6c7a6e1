/**
 * The DaemonSet controller's status, seen only through the API as a client
 * sees it: a spec change is answered with the new generation and the old
 * status; the controller writes observedGeneration later, then the counters
 * as pods are replaced under maxUnavailable and become ready and available.
 */
import { describe, expect, it } from 'vitest';
import type { DaemonSetObject } from './types';
import { call, observe, clusterPerTest, type TestCluster } from './test-support';

const { start, streams } = clusterPerTest({ tickMs: 3_600_000, controllerMs: 20, kubeletMs: 50, readinessMs: 150 });

const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-multus-ds';
const WATCH_DS = '/apis/apps/v1/namespaces/kube-system/daemonsets?fieldSelector=metadata.name%3Dkube-multus-ds';
const SMP = { contentType: 'application/strategic-merge-patch+json' };
const NODES = 12;
type Status = DaemonSetObject['status'];

/** Every status the watch delivered, in order, once `kubectl rollout status` would call generation `gen` rolled out. */
async function statusesUntilRolledOut(c: TestCluster, gen: number, change: () => Promise<void>): Promise<Status[]> {
  const ds = await observe<DaemonSetObject>(c, WATCH_DS, streams);
  await change();
  await ds.until((m) => [...m.values()].some((d) => d.status.observedGeneration >= gen && d.status.updatedNumberScheduled === NODES
    && d.status.numberAvailable === NODES && d.status.numberReady === NODES));
  return ds.stream.events.filter((e) => e.type === 'MODIFIED').map((e) => (e.object as unknown as DaemonSetObject).status);
}

const template = (memory: string): { template: object } => ({ template: { spec: { containers: [{ name: 'kube-multus', resources: { requests: { cpu: '100m', memory }, limits: { cpu: '100m', memory } } }] } } });

describe('the demo DaemonSet controller', () => {
  it('answers a spec change with the new generation and the old status; observedGeneration follows later, from the controller', async () => {
    const c = await start({ controllerMs: 150 });
    const before = await c.json<DaemonSetObject>(DS);
    const res = await call<DaemonSetObject>(c, 'PATCH', DS, { spec: template('100Mi') }, SMP);
    expect(res.body.metadata.generation).toBe(2);
    expect(res.body.status).toEqual(before.status);
    expect((await c.json<DaemonSetObject>(DS)).status.observedGeneration).toBe(1);
    const statuses = await statusesUntilRolledOut(c, 2, async () => undefined);
    // The controller's first word on generation 2: observed, nothing updated yet.
    const first = statuses.find((s) => s.observedGeneration === 2);
    expect(first?.updatedNumberScheduled).toBeLessThan(NODES);
  });

  it('replaces pods a few at a time: maxUnavailable 20% of 12 nodes rounds up to 3', async () => {
    const c = await start();
    await call(c, 'PATCH', DS, { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: '20%' } } } }, SMP);
    const statuses = await statusesUntilRolledOut(c, 3, async () => { await call(c, 'PATCH', DS, { spec: template('128Mi') }, SMP); });
    const rolling = statuses.filter((s) => s.observedGeneration === 3);
    const unavailable = rolling.map((s) => s.desiredNumberScheduled - s.numberAvailable);
    expect(Math.max(...unavailable)).toBe(3);
    for (const s of rolling) {
      expect(s.desiredNumberScheduled).toBe(NODES);
      expect(s.numberUnavailable ?? 0).toBe(s.desiredNumberScheduled - s.numberAvailable);
      expect(s.updatedNumberScheduled).toBeLessThanOrEqual(s.desiredNumberScheduled);
    }
    // Progress is visible: the updated count climbs through intermediate values.
    expect(new Set(rolling.map((s) => s.updatedNumberScheduled)).size).toBeGreaterThan(3);
  });

  it('counts a new pod available only once it has been Ready for minReadySeconds', async () => {
    const c = await start();
    const statuses = await statusesUntilRolledOut(c, 2, async () => {
      await call(c, 'PATCH', DS, { spec: { minReadySeconds: 1, updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } }, ...template('128Mi') } }, SMP);
    });
    expect(statuses.some((s) => s.observedGeneration === 2 && s.numberReady > s.numberAvailable)).toBe(true);
    const ds = await c.json<DaemonSetObject>(DS);
    expect(ds.spec.minReadySeconds).toBe(1);
  });
});
