/**
 * Events expire one --event-ttl after their last write, as etcd's leases make
 * them on a real API server: watchers see DELETED, an update renews the TTL,
 * and no scenario (nor the scale seeder) starts with an Event older than that.
 * The demo's clock is moved by the test; expireEvents() runs the sweep now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS } from './scenarios';
import { call, openWatch, startTestCluster, type TestCluster, type WatchStream } from './test-support';
import type { EventObject } from './types';

const HOUR = 3_600_000;
const lastWritten = (e: EventObject): number => Date.parse(e.lastTimestamp ?? e.firstTimestamp);

let clusters: TestCluster[] = [];
let streams: WatchStream[] = [];
afterEach(async () => {
  streams.forEach((s) => s.close());
  await Promise.all(clusters.map((c) => c.cleanup()));
  clusters = [];
  streams = [];
});

async function start(opts: Parameters<typeof startTestCluster>[0]): Promise<TestCluster> {
  const c = await startTestCluster({ tickMs: 3_600_000, ...opts });
  clusters.push(c);
  return c;
}

describe('Event TTL', () => {
  it('deletes an Event an hour after its last write, tells watchers, and an update renews it', async () => {
    let t = Date.now();
    const c = await start({ now: () => t });
    const events = c.store.list('events');
    expect(events.length).toBeGreaterThan(1);
    const oldest = events.reduce((a, b) => (lastWritten(b) < lastWritten(a) ? b : a));
    const renewed = events.find((e) => e !== oldest && e.reason !== 'FailedCreatePodSandBox')!;
    const key = (e: EventObject): string => `${e.metadata.namespace}/${e.metadata.name}`;
    const watch = await openWatch(c, `/api/v1/events?watch=1&resourceVersion=${c.store.resourceVersion()}`);
    streams.push(watch);

    // A second on, one Event is updated through the API: its hour starts again.
    t += 1_000;
    const ns = renewed.metadata.namespace!;
    const patched = await call(c, 'PATCH', `/api/v1/namespaces/${ns}/events/${renewed.metadata.name}`, { count: renewed.count + 1, lastTimestamp: new Date(t).toISOString() }, { contentType: 'application/merge-patch+json' });
    expect(patched.status).toBe(200);

    // Just before the oldest Event's hour is up it is still there; at the hour it goes.
    // (The cluster also sweeps every second on its own: state is checked, not counts.)
    t = lastWritten(oldest) + HOUR - 1;
    c.expireEvents();
    expect(c.store.get('events', key(oldest))).toBeDefined();
    t += 1;
    c.expireEvents();
    expect(c.store.get('events', key(oldest))).toBeUndefined();
    const gone = await watch.next((e) => e.type === 'DELETED' && e.object.metadata?.name === oldest.metadata.name);
    expect(gone.object).toMatchObject({ kind: 'Event', reason: oldest.reason });
    expect((await c.get(`/api/v1/namespaces/${oldest.metadata.namespace}/events/${oldest.metadata.name}`)).status).toBe(404);

    // An hour after the seeding, every seeded Event but the renewed one has gone.
    t = Math.max(...events.map(lastWritten)) + HOUR;
    c.expireEvents();
    expect(c.store.list('events').map(key)).toEqual([key(renewed)]);
    // And an hour after its update, that one too.
    t = Date.parse(patched.body.lastTimestamp as string) + HOUR;
    c.expireEvents();
    expect(c.store.list('events')).toEqual([]);
  });

  it('keeps a configured TTL (eventTtlMs)', async () => {
    let t = Date.now();
    const c = await start({ now: () => t, eventTtlMs: 10 * 60_000 });
    expect(c.store.count('events')).toBeGreaterThan(0);
    t += 10 * 60_000;
    c.expireEvents();
    expect(c.store.count('events')).toBe(0);
  });

  it.each(Object.keys(SCENARIOS))('scenario %s starts with no Event older than the TTL', async (scenario) => {
    const c = await start({ scenario });
    const now = Date.now();
    expect(c.store.list('events').filter((e) => now - lastWritten(e) >= HOUR).map((e) => `${e.metadata.name} ${e.reason}`)).toEqual([]);
    expect(c.expireEvents()).toBe(0);
  });

  it('the scale seeder starts with no Event older than the TTL', async () => {
    const c = await start({ scale: { nodes: 40, pods: 600, events: 900, eventRate: 0, brokenRatio: 0.05 } });
    const now = Date.now();
    expect(c.store.count('events')).toBeGreaterThanOrEqual(900);
    expect(c.store.list('events').filter((e) => now - lastWritten(e) >= HOUR).length).toBe(0);
    expect(c.expireEvents()).toBe(0);
  });
});
