/**
 * Small HTTP helpers for the bench: raw requests (so a gzipped body is
 * measured as it crosses the wire), latency percentiles, RSS of a process tree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';

// Keep-alive, as a browser does: a new TCP connection per request would time the handshake, not the route.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface RawResponse { status: number; bytes: number; body: Buffer; headers: Record<string, string | string[] | undefined> }

export function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, body, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 50);

/** Latencies of `total` GETs issued by `clients` concurrent loops. */
export async function load(url: string, clients: number, total: number, headers: Record<string, string> = {}): Promise<{ ms: number[]; last: RawResponse | undefined }> {
  const ms: number[] = [];
  let issued = 0;
  let last: RawResponse | undefined;
  const loop = async (): Promise<void> => {
    while (issued < total) {
      issued++;
      const t = performance.now();
      const res = await get(url, headers);
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`);
      last = res;
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return { ms, last };
}

/** Resident set size (bytes) of a process and all its descendants (next start runs its server as a child). */
export function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A Prometheus sample by name and label set, from exposition text. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const set = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return undefined;
}

/**
 * RSS of a process tree once it has settled: sampled every `everyMs` until two
 * consecutive samples differ by less than `tolerance` (relative), or `timeoutMs`.
 */
export async function settledRss(pid: number, timeoutMs = 30_000, everyMs = 500, tolerance = 0.01): Promise<number> {
  const end = Date.now() + timeoutMs;
  let last = treeRss(pid);
  for (;;) {
    await sleep(everyMs);
    const now = treeRss(pid);
    if (Math.abs(now - last) <= tolerance * last || Date.now() > end) return now;
    last = now;
  }
}
