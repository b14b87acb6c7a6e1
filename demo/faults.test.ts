import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, openWatch, startTestCluster, type TestCluster, type WatchStream } from './test-support';

/*
 * The injected faults on the wire, as a client sees them: codes, reasons,
 * headers, wording. What the dashboard does about them: lib/k8s/faults.test.ts.
 */

let c: TestCluster;
const streams: WatchStream[] = [];

const inject = async (body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => call(c, 'POST', '/demo/v1/faults', body);

beforeAll(async () => {
  c = await startTestCluster();
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  expect((await inject({ fault: 'clear' })).status).toBe(200);
});

afterAll(async () => {
  await c.cleanup();
});

describe('injected faults', () => {
  it('throttle: 429 with Retry-After and details.retryAfterSeconds, for the count asked', async () => {
    expect((await inject({ fault: 'throttle', resource: 'pods', count: 1, retryAfterSeconds: 7 })).status).toBe(200);
    const refused = await call(c, 'GET', '/api/v1/pods?limit=5');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 7 } });
    expect((await call(c, 'GET', '/api/v1/nodes')).status).toBe(200);
    expect((await call(c, 'GET', '/api/v1/pods?limit=5')).status).toBe(200);
  });

  it('list-5xx on the next page, expire-continue: the first page goes through, the continued one fails', async () => {
    await inject({ fault: 'list-5xx', resource: 'pods', page: 'next' });
    const first = await call<{ metadata: { continue: string } }>(c, 'GET', '/api/v1/pods?limit=5');
    expect(first.status).toBe(200);
    const next = `/api/v1/pods?limit=5&continue=${encodeURIComponent(first.body.metadata.continue)}`;
    expect(await call(c, 'GET', next)).toMatchObject({ status: 500, body: { reason: 'InternalError', code: 500 } });
    await inject({ fault: 'expire-continue', resource: 'pods' });
    const expired = await call<{ message: string }>(c, 'GET', next);
    expect(expired).toMatchObject({ status: 410, body: { reason: 'Expired', code: 410 } });
    expect(expired.body.message).toMatch(/^The provided continue parameter is too old/);
    expect((await call(c, 'GET', next)).status).toBe(200);
  });

  it('forbid: 403 worded as RBAC words it, for that resource only; unauthorized: 401 for the chosen token', async () => {
    await inject({ fault: 'forbid', resource: 'events' });
    expect(await call(c, 'GET', '/api/v1/events')).toMatchObject({
      status: 403,
      body: { reason: 'Forbidden', message: 'events is forbidden: User "admin" cannot list resource "events" in API group "" at the cluster scope' },
    });
    expect((await call(c, 'GET', '/api/v1/pods')).status).toBe(200);
    await inject({ fault: 'unauthorized', role: 'viewer' });
    expect((await call(c, 'GET', '/api/v1/nodes', undefined, { token: c.viewerToken })).status).toBe(401);
    expect((await call(c, 'GET', '/api/v1/nodes')).status).toBe(200);
  });

  it('watch-gone ends open watches with an ERROR 410, and the next new one', async () => {
    const open = await openWatch(c, '/api/v1/nodes?watch=1');
    streams.push(open);
    await open.next((e) => e.type === 'ADDED');
    await inject({ fault: 'watch-gone', resource: 'nodes', count: 1 });
    await open.ended;
    expect(open.events.at(-1)).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    const next = await openWatch(c, '/api/v1/nodes?watch=1');
    streams.push(next);
    await next.ended;
    expect(next.events).toEqual([expect.objectContaining({ type: 'ERROR' })]);
  });

  it('freeze: open watches go quiet, new requests are accepted and not answered; thawed, they are answered and the quiet watches end', async () => {
    const { body } = await call<{ metadata: { resourceVersion: string } }>(c, 'GET', '/api/v1/nodes');
    const open = await openWatch(c, `/api/v1/nodes?watch=1&allowWatchBookmarks=true&resourceVersion=${body.metadata.resourceVersion}`);
    streams.push(open);
    expect((await inject({ fault: 'freeze' })).body).toMatchObject({ frozen: true });
    let answered = false;
    const pending = fetch(`${c.url}/version`, { headers: { authorization: `Bearer ${c.token}` } }).then((r) => {
      answered = true;
      return r.status;
    });
    const node = c.store.list('nodes')[0]!.metadata.name;
    c.store.update('nodes', node, (n) => {
      n.metadata.labels = { ...n.metadata.labels, 'demo.cni-health.io/frozen': 'true' };
    });
    // The control surface is not frozen: it says when the request has reached the server and is being held.
    await vi.waitFor(async () => expect((await call<{ held: number; frozen: boolean }>(c, 'GET', '/demo/v1/faults')).body).toEqual(expect.objectContaining({ frozen: true, held: 1 })), { timeout: 5_000, interval: 20 });
    expect(answered).toBe(false);
    expect(open.events).toEqual([]);
    await inject({ fault: 'clear', name: 'freeze' });
    expect(await pending).toBe(200);
    await open.ended;
    expect(open.events).toEqual([]);
  });

  it('down: every Kubernetes request is cut, the control surface still answers; lists in flight are counted', async () => {
    await inject({ fault: 'down', seconds: 60 });
    await expect(fetch(`${c.url}/api/v1/nodes`, { headers: { authorization: `Bearer ${c.token}` } })).rejects.toThrow();
    const faults = await call<{ downForSeconds: number }>(c, 'GET', '/demo/v1/faults');
    expect(faults.body.downForSeconds).toBeGreaterThan(50);
    await inject({ fault: 'clear', name: 'down' });
    expect((await call(c, 'GET', '/api/v1/nodes')).status).toBe(200);
    const stats = await call<{ listsInFlight: Record<string, Record<string, { now: number; max: number }>> }>(c, 'GET', '/demo/v1/stats');
    expect(stats.body.listsInFlight.admin!.nodes).toEqual({ now: 0, max: 1 });
  });

  it('says what is wrong with a bad request', async () => {
    expect(await inject({ fault: 'down' })).toMatchObject({ status: 400, body: { error: 'down: "seconds" must be an integer from 1 to 3600' } });
    expect((await inject({ fault: 'forbid', resource: 'ingresses' })).status).toBe(400);
    expect((await inject({ fault: 'clear', name: 'nope' })).status).toBe(400);
  });
});
