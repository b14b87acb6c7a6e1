/**
 * Watch-to-browser latency, as a browser sees it: an SSE client on
 * /api/stream that, on every `change`, refetches the grid delta the way the
 * UI does; the clock runs from a write to the API server (a node's zone label)
 * until the grid it holds shows the new value.
 */
import { applyGridDelta, decodeGrid, type GridPayload } from '../../lib/api/grid-compact';
import { coalesced, openChangeStream } from './change-stream';
import { get } from './http';

export class BrowserLikeClient {
  private held: GridPayload | undefined;
  private waiters: Array<() => void> = [];
  private closeStream: (() => void) | undefined;
  refetches = 0;

  constructor(private readonly base: string) {}

  async open(): Promise<void> {
    await this.refetch();
    this.closeStream = await openChangeStream(this.base, () => void this.refetch());
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

  private readonly refetch = coalesced(async () => {
    const q = this.held ? `?since=${this.held.version}&epoch=${this.held.epoch}` : '';
    const res = await get(`${this.base}/api/grid${q}`);
    const next = JSON.parse(res.body.toString('utf8')) as GridPayload;
    this.held = this.held && next.base === this.held.version && next.epoch === this.held.epoch ? applyGridDelta(this.held, next) : next;
    this.refetches++;
    for (const w of [...this.waiters]) w();
  });
}
