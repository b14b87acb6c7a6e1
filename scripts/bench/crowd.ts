/**
 * `tsx scripts/bench/crowd.ts BASE CLIENTS`: browser-like clients in a
 * process of their own (their parsing must not slow the bench's clock). Each
 * holds an SSE stream on /api/stream and, on every `change`, refetches the
 * grid as the UI does: the full payload first, then deltas from the version
 * it holds (?since&epoch), with its own keep-alive connections. Prints READY
 * once every client holds a grid and a stream; on "STOP" on stdin, prints the
 * figures as one JSON line and exits. Latency is to the last byte, measured
 * before the body is parsed.
 */
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { coalesced, openChangeStream } from './change-stream';
import { percentile } from './http';

const [base, count] = [process.argv[2]!, Number(process.argv[3] ?? 200)];
const ms: number[] = [];
let fulls = 0;
let deltas = 0;
let errors = 0;
let bytes = 0;
let measuring = false;

function fetchGrid(agent: Agent, query: string): Promise<{ version: number; epoch: string; full: boolean }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = request(`${base}/api/grid${query}`, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const took = performance.now() - t;
        const raw = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const p = JSON.parse(body.toString('utf8')) as { version: number; epoch: string; base?: number };
        if (measuring) {
          ms.push(took);
          bytes += raw.length;
          if (p.base === undefined) fulls++;
          else deltas++;
        }
        resolve({ version: p.version, epoch: p.epoch, full: p.base === undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

class Client {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 2 });
  private held: { version: number; epoch: string } | undefined;
  private closeStream: (() => void) | undefined;
  private readonly refetch = coalesced(async () => {
    const q = this.held ? `?since=${this.held.version}&epoch=${this.held.epoch}` : '';
    this.held = await fetchGrid(this.agent, q).catch(() => {
      errors++;
      return this.held;
    });
  });

  async open(): Promise<void> {
    await this.refetch();
    this.closeStream = await openChangeStream(base, () => void this.refetch());
  }

  close(): void {
    this.closeStream?.();
    this.agent.destroy();
  }
}

const clients = Array.from({ length: count }, () => new Client());
// A few at a time: 200 cold full payloads at once is a thundering herd, not a crowd of browsers.
for (let i = 0; i < clients.length; i += 20) await Promise.all(clients.slice(i, i + 20).map((c) => c.open()));
measuring = true;
console.log('READY');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'STOP') return;
  measuring = false;
  console.log(JSON.stringify({ clients: count, requests: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100), fulls, deltas, errors, kbPerRequest: ms.length ? bytes / ms.length / 1024 : 0 }));
  for (const c of clients) c.close();
  process.exit(0);
});
