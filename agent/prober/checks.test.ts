import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dnsLookup, httpPing, measure, tcpConnect } from './checks';
import { startProbeServer } from './server';

const servers: { close(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

describe('prober checks', () => {
  it('pings a peer prober over HTTP and measures every attempt', async () => {
    const server = await startProbeServer(0, '127.0.0.1');
    servers.push(server);
    const port = (server.address() as AddressInfo).port;
    const o = await measure(httpPing('127.0.0.1', port));
    expect(o).toMatchObject({ ok: true, loss: 0 });
    expect(o.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('counts a refused or silent peer as lost, with the reason', async () => {
    const closed = await listen(createServer());
    servers.pop()?.close();
    const refused = await measure(httpPing('127.0.0.1', closed, 500));
    expect(refused).toMatchObject({ ok: false, loss: 1 });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    // Accepts and never answers: the timeout decides.
    const silent = await listen(createServer(() => undefined));
    const timedOut = await measure(httpPing('127.0.0.1', silent, 300), 1);
    expect(timedOut).toMatchObject({ ok: false, loss: 1 });
    expect(timedOut.error).toMatch(/timeout/);
  });

  it('connects over TCP, and fails on a closed port', async () => {
    const open = await listen(createServer((s) => s.end()));
    expect(await measure(tcpConnect('127.0.0.1', open))).toMatchObject({ ok: true, loss: 0 });
    servers.pop()?.close();
    expect(await measure(tcpConnect('127.0.0.1', open, 300), 1)).toMatchObject({ ok: false, loss: 1 });
  });

  it('reports partial loss and the median of the answers', async () => {
    let n = 0;
    let t = 0;
    const o = await measure(async () => {
      t += 10 * ++n;
      if (n === 2) throw new Error('boom');
    }, 3, () => t);
    expect(o.loss).toBeCloseTo(1 / 3);
    expect(o.ok).toBe(true);
    expect(o.error).toBeUndefined();
  });

  it('resolves a name and fails on one that does not exist', async () => {
    expect(await measure(dnsLookup('localhost'), 1)).toMatchObject({ ok: true });
    expect(await measure(dnsLookup('no-such-name.invalid', 2_000), 1)).toMatchObject({ ok: false, loss: 1 });
  });
});
