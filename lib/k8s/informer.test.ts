import type { Watch } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { Informer } from './informer';
import { EVENTS_WATCH_TIMEOUT_SECONDS, WATCH_TIMEOUT_SECONDS } from './informer-watch';

/*
 * The informer's retry loop with a list that always fails: the delays it
 * chooses (read from its log) follow the backoff policy, capped, and it never
 * throws. Against the demo cluster: lib/k8s/faults.test.ts.
 */
describe('Informer retry loop', () => {
  it('backs off exponentially to the cap, and honours Retry-After', async () => {
    const delays: number[] = [];
    let calls = 0;
    const informer = new Informer<unknown>({
      kind: 'pods',
      listPage: () => {
        calls++;
        // The third attempt is throttled: the server asks for 0.3 s, more than the backoff.
        if (calls === 3) return Promise.reject(Object.assign(new Error('HTTP 429'), { code: 429, retryAfterSeconds: 0.3 }));
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      },
      watch: {} as Watch,
      watchPath: '/api/v1/pods',
      project: (raw) => raw,
      backoff: { initialMs: 10, maxMs: 80 },
      random: () => 1,
      log: (m) => {
        const ms = /next in (\d+) ms/.exec(m)?.[1];
        if (ms) delays.push(Number(ms));
      },
    });
    informer.start();
    await vi.waitFor(() => expect(delays.length).toBeGreaterThanOrEqual(6), { timeout: 5_000, interval: 10 });
    await informer.stop();
    expect(delays.slice(0, 6)).toEqual([10, 20, 300, 80, 80, 80]);
    // Never thrown, always reported: the kind says why it is behind.
    expect(informer.status()).toMatchObject({ synced: false, failures: calls, error: { message: 'ECONNREFUSED: connect ECONNREFUSED' } });
  });
});

describe('watch timeouts asked of the server', () => {
  it('30 to 60 minutes (no rotation on a quiet cluster for half an hour), events 1 to 2 hours', () => {
    expect([WATCH_TIMEOUT_SECONDS(() => 0), WATCH_TIMEOUT_SECONDS(() => 0.9999)]).toEqual([1_800, 3_599]);
    expect([EVENTS_WATCH_TIMEOUT_SECONDS(() => 0), EVENTS_WATCH_TIMEOUT_SECONDS(() => 0.9999)]).toEqual([3_600, 7_199]);
  });
});
