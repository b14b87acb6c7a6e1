import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { slowClientLayer } from './slow-clients';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A stream that writes as long as the socket takes it, then waits for 'drain' (as Next's writer does). */
async function streaming(stallMs: number): Promise<{ port: number; cut: () => number; closed: () => number; drains: () => number }> {
  let cut = 0;
  let closed = 0;
  let drains = 0;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const handler = slowClientLayer({ stallMs, onCut: () => cut++ })((_req, res) => {
    // Headers set one by one, as Next does (writeHead's own headers are not readable back).
    res.setHeader('content-type', 'text/event-stream');
    res.writeHead(200);
    res.on('close', () => closed++);
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', () => (drains++, pump()));
    };
    pump();
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server!.address() as AddressInfo).port, cut: () => cut, closed: () => closed, drains: () => drains };
}

describe('slowClientLayer', () => {
  it('destroys a stream whose client stopped reading once it stayed backpressured', async () => {
    const s = await streaming(300);
    const socket = connect(s.port, '127.0.0.1');
    socket.write('GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
    await vi.waitFor(() => expect(s.closed()).toBe(1), { timeout: 20_000, interval: 50 });
    expect(s.cut()).toBe(1);
    socket.destroy();
  });

  it('keeps a stream whose client reads', async () => {
    const s = await streaming(300);
    const res = await fetch(`http://127.0.0.1:${s.port}/api/stream`);
    const reader = res.body!.getReader();
    // Many backpressure episodes, each ended by the client reading: backpressure that drains is not a stall.
    while (s.drains() < 20 && !(await reader.read()).done);
    expect(s.cut()).toBe(0);
    await reader.cancel();
  });

  it('gives a reading client another period when this process itself was frozen past the stall', async () => {
    const s = await streaming(500);
    const res = await fetch(`http://127.0.0.1:${s.port}/api/stream`);
    const reader = res.body!.getReader();
    while (s.drains() < 2 && !(await reader.read()).done);
    // The server is backpressured again (the pump writes until it is); freeze the whole process, client included, past 1.5 stall periods.
    const until = performance.now() + 1_000;
    while (performance.now() < until);
    const before = s.drains();
    while (s.drains() < before + 5 && !(await reader.read().catch(() => ({ done: true }))).done);
    expect(s.cut()).toBe(0);
    await reader.cancel();
  });
});

describe('slowClientLayer on responses handed over whole', () => {
  async function whole(stallMs: number, bytes: number): Promise<{ port: number; cut: () => number; closed: Promise<void> }> {
    let cut = 0;
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    const handler = slowClientLayer({ stallMs, minBytesPerSecond: 64 * 2 ** 20, onCut: () => cut++ })((_req, res) => {
      res.on('close', closed);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
      res.end(Buffer.alloc(bytes, 'x'));
    });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { port: (server!.address() as AddressInfo).port, cut: () => cut, closed: done };
  }

  it('destroys a large answer its client does not take by the deadline', async () => {
    const s = await whole(200, 32 * 2 ** 20);
    const socket = connect(s.port, '127.0.0.1');
    socket.write('GET /api/grid HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
    await s.closed;
    expect(s.cut()).toBe(1);
    socket.destroy();
  });

  it('lets a client that reads take all of it', async () => {
    // A deadline no loaded machine misses: what is tested is that reading is never cut, not speed.
    const s = await whole(30_000, 8 * 2 ** 20);
    const res = await fetch(`http://127.0.0.1:${s.port}/api/grid`);
    expect((await res.arrayBuffer()).byteLength).toBe(8 * 2 ** 20);
    expect(s.cut()).toBe(0);
  });
});
