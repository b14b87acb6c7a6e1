import type { Watch } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { startWatch } from './informer-watch';
import { LivenessProbe } from './liveness';

describe('LivenessProbe', () => {
  it('calls the connection lost only after two failed probes spanning failAfterMs, keeps saying so, and says alive again on the next answer', async () => {
    let up = true;
    const alive: number[] = [];
    const lost: string[] = [];
    const probe = new LivenessProbe({
      intervalMs: 10,
      timeoutMs: 50,
      failAfterMs: 60,
      probe: () => (up ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED'))),
      onAlive: (at) => alive.push(at),
      onLost: (reason) => lost.push(reason),
    });
    probe.start();
    try {
      await vi.waitFor(() => expect(alive.length).toBeGreaterThanOrEqual(2), { timeout: 2_000, interval: 5 });
      up = false;
      const answers = alive.length;
      await vi.waitFor(() => expect(lost.length).toBeGreaterThanOrEqual(2), { timeout: 2_000, interval: 5 });
      expect(lost[0]).toMatch(/^no answer from the API server for \d+ s \(GET \/livez: connect ECONNREFUSED\); watches resume when it answers$/);
      // Called lost only with the last answer failAfterMs behind.
      expect(alive.length).toBe(answers);
      up = true;
      await vi.waitFor(() => expect(alive.length).toBeGreaterThan(answers), { timeout: 2_000, interval: 5 });
    } finally {
      probe.stop();
    }
  });

  it('counts a probe that does not answer within timeoutMs as failed (a frozen server)', async () => {
    const lost: string[] = [];
    const probe = new LivenessProbe({
      intervalMs: 10,
      timeoutMs: 20,
      failAfterMs: 30,
      probe: (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
      onAlive: () => undefined,
      onLost: (reason) => lost.push(reason),
    });
    probe.start();
    try {
      await vi.waitFor(() => expect(lost.length).toBeGreaterThan(0), { timeout: 2_000, interval: 5 });
      expect(lost[0]).toMatch(/GET \/livez: no answer within 0\.02 s/);
    } finally {
      probe.stop();
    }
  });
});

describe('startWatch', () => {
  it('ends a watch still open past its timeoutSeconds and grace as a lost connection', async () => {
    // A stream the server never ends and never writes to: accepted, then nothing.
    const watch = { watch: () => Promise.resolve(new AbortController()) } as unknown as Watch;
    let opened = false;
    const handle = startWatch({ watch, path: '/api/v1/nodes', params: { timeoutSeconds: 0 }, deadlineMs: 30, onEvent: () => undefined, onOpen: () => { opened = true; } });
    await expect(handle.ended).rejects.toThrow('the watch outlived the 0 s timeout the API server ends it at: the connection is presumed dead');
    expect(opened).toBe(true);
  });

  it('ends as lost when aborted with a reason, cleanly without one', async () => {
    const watch = { watch: () => Promise.resolve(new AbortController()) } as unknown as Watch;
    const a = startWatch({ watch, path: '/api/v1/pods', params: {}, deadlineMs: 60_000, onEvent: () => undefined });
    a.abort(new Error('no answer from the API server'));
    await expect(a.ended).rejects.toThrow('no answer from the API server');
    const b = startWatch({ watch, path: '/api/v1/pods', params: {}, deadlineMs: 60_000, onEvent: () => undefined });
    b.abort();
    await expect(b.ended).resolves.toBe(false);
  });
});
