/**
 * Watch-to-browser latency, as a browser sees it: an SSE client on
 * /api/stream that, on every `change`, refetches the grid delta the way the
 * UI does; the clock runs from a write to the API server (a node's zone label)
 * until the grid it holds shows the new value.
 */
import { request } from 'node:http';
import { applyGridDelta, decodeGrid, type GridPayload } from '../../lib/api/grid-compact';
import { get } from './http';

export class BrowserLikeClient {
  private held: GridPayload | undefined;
  private waiters: Array<() => void> = [];
  private closeStream: (() => void) | undefined;
  refetches = 0;

  constructor(private readonly base: string) {}

  async open(): Promise<void> {
    await this.refetch();
    await new Promise<void>((resolve, reject) => {
      const req = request(`${this.base}/api/stream`, { headers: { accept: 'text/event-stream' } }, (res) => {
        let buf = '';
        resolve();
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
      });
      req.on('error', reject);
      req.end();
      this.closeStream = () => req.destroy();
    });
  }

  close(): void {
    this.closeStream?.();
  }

  zoneOf(node: string): string | undefined {
    return this.held ? decodeGrid(this.held).nodes.find((n) => n.name === node)?.zone : undefined;
  }

  /** Resolves when the held grid shows `node` in `zone`. */
  waitForZone(node: string, zone: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the grid did not show ${node} in zone ${zone} within ${timeoutMs} ms`)), timeoutMs);
      const check = (): void => {
        if (this.zoneOf(node) === zone) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  private inflight = false;
  private again = false;

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
        const res = await get(`${this.base}/api/grid${q}`);
        const next = JSON.parse(res.body.toString('utf8')) as GridPayload;
        this.held = this.held && next.base === this.held.version && next.epoch === this.held.epoch ? applyGridDelta(this.held, next) : next;
        this.refetches++;
        for (const w of [...this.waiters]) w();
      } while (this.again);
    } finally {
      this.inflight = false;
    }
  }
}
