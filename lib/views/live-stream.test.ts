import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeStream, streamStats } from './live-stream';

// A change source that fires as fast as timers allow, with big messages, so a
// client that does not read fills the socket buffers within a second.
function servedStream(stallCutMs: number): Promise<{ server: Server; port: number; closed: () => number; listeners: () => number; stop: () => void }> {
  const listeners = new Set<() => void>();
  const ticker = setInterval(() => listeners.forEach((l) => l()), 1);
  let closed = 0;
  const big = JSON.stringify({ pad: 'x'.repeat(256 * 1024) });
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => {
      closed++;
      abort.abort();
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const stream = changeStream({ subscribe: (l) => (listeners.add(l), () => listeners.delete(l)), data: () => big, throttleMs: 0, spreadMs: 0, stallCutMs, signal: abort.signal });
    // As Next does: write, and wait for 'drain' when the socket pushes back.
    Readable.fromWeb(stream as WebReadableStream<Uint8Array>).on('error', () => undefined).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, closed: () => closed, listeners: () => listeners.size, stop: () => clearInterval(ticker) })));
}

describe('changeStream', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());
  /** A served stream that afterEach takes down. */
  const serve = async (): Promise<Awaited<ReturnType<typeof servedStream>>> => {
    const s = await servedStream(300);
    stop = () => {
      s.stop();
      s.server.closeAllConnections();
      s.server.close();
    };
    return s;
  };

  it('ends the stream of a client that never reads once it has stayed backpressured (the socket is server/slow-clients.ts\'s)', async () => {
    const before = { ...streamStats() };
    const s = await serve();
    const socket = connect(s.port, '127.0.0.1');
    socket.write('GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    socket.pause();
    // Dropped messages first (the queue is full), then the cut.
    await vi.waitFor(() => expect(streamStats().cut).toBeGreaterThan(before.cut), { timeout: 15_000, interval: 50 });
    expect(streamStats().dropped).toBeGreaterThan(before.dropped);
    // Unsubscribed: a cut client no longer costs anything per change.
    expect(s.listeners()).toBe(0);
    expect(streamStats().open).toBe(before.open);
    expect(streamStats().backpressured).toBe(before.backpressured);
    socket.destroy();
  });

  it('keeps a client that reads, and sends it the changes', async () => {
    const before = { ...streamStats() };
    const s = await serve();
    const res = await fetch(`http://127.0.0.1:${s.port}/api/stream`);
    const reader = res.body!.getReader();
    let bytes = 0;
    // Read well past the cut time: a reading client is never cut.
    const until = Date.now() + 1_000;
    while (Date.now() < until) bytes += (await reader.read()).value?.length ?? 0;
    expect(bytes).toBeGreaterThan(1024 * 1024);
    expect(streamStats().cut).toBe(before.cut);
    expect(s.listeners()).toBe(1);
    await reader.cancel();
  });
});

describe('changeStream spreading', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells each client after the throttle plus its own random share of the spread, once per burst', async () => {
    vi.useFakeTimers();
    let notify = (): void => {};
    const stream = changeStream({
      subscribe: (l) => ((notify = l), () => undefined),
      data: () => '{"version":1}',
      throttleMs: 100,
      spreadMs: 300,
      random: () => 0.5,
      heartbeatMs: 60_000,
    });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toContain('retry: 2000');
    let got = '';
    void reader.read().then((r) => { got = decoder.decode(r.value); });
    notify();
    notify();
    await vi.advanceTimersByTimeAsync(249);
    expect(got).toBe('');
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toBe('event: change\ndata: {"version":1}\n\n');
    await reader.cancel();
  });
});
