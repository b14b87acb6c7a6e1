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
  private inflight = false;
  private again = false;
  private stream: ReturnType<typeof request> | undefined;

  async open(): Promise<void> {
    await this.refetch();
    await new Promise<void>((resolve, reject) => {
      this.stream = request(`${base}/api/stream`, { headers: { accept: 'text/event-stream' } }, (res) => {
        resolve();
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const msg = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (msg.includes('event: change')) void this.refetch();
          }
        });
        res.on('error', () => undefined);
      });
      this.stream.on('error', reject);
      this.stream.end();
    });
  }

  close(): void {
    this.stream?.destroy();
    this.agent.destroy();
  }

  private async refetch(): Promise<void> {
    if (this.inflight) {
      this.again = true;
      return;
    }
    this.inflight = true;
    try {
      do {
        this.again = false;
        const q = this.held ? `?since=${this.held.version}&epoch=${this.held.epoch}` : '';
        this.held = await fetchGrid(this.agent, q).catch(() => {
          errors++;
          return this.held;
        });
      } while (this.again);
    } finally {
      this.inflight = false;
    }
  }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
};

const clients = Array.from({ length: count }, () => new Client());
// A few at a time: 200 cold full payloads at once is a thundering herd, not a crowd of browsers.
for (let i = 0; i < clients.length; i += 20) await Promise.all(clients.slice(i, i + 20).map((c) => c.open()));
measuring = true;
console.log('READY');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'STOP') return;
  measuring = false;
  console.log(JSON.stringify({ clients: count, requests: ms.length, p50: pct(ms, 50), p99: pct(ms, 99), max: pct(ms, 100), fulls, deltas, errors, kbPerRequest: ms.length ? bytes / ms.length / 1024 : 0 }));
  for (const c of clients) c.close();
  process.exit(0);
});
