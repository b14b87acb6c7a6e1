/**
 * Leader election over the demo cluster's Lease, with the dashboard's
 * service account (its RBAC names the one Lease) and a fake clock for each
 * contender: expiry is judged on the contender's own clock, as client-go does.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '@/demo/test-support';
import { LeaderElector, leaseLock } from './lease';

let c: TestCluster;
let kc: KubeConfig;
beforeAll(async () => {
  c = await startTestCluster({ tickMs: 3_600_000 });
  kc = new KubeConfig();
  kc.loadFromFile(c.demoModeKubeconfigPath);
});
afterAll(async () => {
  await c.cleanup();
});

const clock = (start = 1_000_000): { now: () => number; advance: (ms: number) => void } => {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; } };
};

describe('LeaderElector', () => {
  it('lets exactly one of two contenders hold the Lease, and the other take over only once it has not been renewed for a lease duration', async () => {
    const [ca, cb] = [clock(), clock(5_000_000)];
    const opts = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000 };
    const a = new LeaderElector({ ...opts, lock: leaseLock(kc, 'cni-health', 'cni-health-dashboard'), identity: 'replica-a', now: ca.now });
    const b = new LeaderElector({ ...opts, lock: leaseLock(kc, 'cni-health', 'cni-health-dashboard'), identity: 'replica-b', now: cb.now });

    const first = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [leader, other, leaderClock, otherClock] = first[0] ? [a, b, ca, cb] : [b, a, cb, ca];
    expect(leader.isLeader()).toBe(true);
    expect(other.isLeader()).toBe(false);

    // The leader renews; the other, however long it waits, sees a changing record and stays out.
    for (let i = 0; i < 3; i++) {
      leaderClock.advance(5_000);
      otherClock.advance(5_000);
      expect(await leader.tryAcquireOrRenew()).toBe(true);
      expect(await other.tryAcquireOrRenew()).toBe(false);
    }
    expect(other.holder()).toBe(leader === a ? 'replica-a' : 'replica-b');

    // The leader stops renewing (killed, or cut off): past its renew deadline it no longer acts as leader...
    leaderClock.advance(10_001);
    expect(leader.isLeader()).toBe(false);
    // ...and the other takes over only after a full lease duration of seeing no change.
    otherClock.advance(14_000);
    expect(await other.tryAcquireOrRenew()).toBe(false);
    otherClock.advance(1_001);
    expect(await other.tryAcquireOrRenew()).toBe(true);
    expect(other.isLeader()).toBe(true);
    // The old leader, back, finds the Lease held and does not take it back.
    expect(await leader.tryAcquireOrRenew()).toBe(false);
  });

  it('hands the Lease over at once when the holder releases it', async () => {
    const ca = clock();
    const cb = clock();
    const opts = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, lock: leaseLock(kc, 'cni-health', 'cni-health-dashboard') };
    const a = new LeaderElector({ ...opts, identity: 'replica-c', now: ca.now });
    const b = new LeaderElector({ ...opts, identity: 'replica-d', now: cb.now });
    // Whoever held it from the test before is gone: wait out its lease on our clocks.
    await a.tryAcquireOrRenew();
    ca.advance(16_000);
    expect(await a.tryAcquireOrRenew()).toBe(true);
    expect(await b.tryAcquireOrRenew()).toBe(false);
    await a.release();
    expect(a.isLeader()).toBe(false);
    expect(await b.tryAcquireOrRenew()).toBe(true);
  });
});
