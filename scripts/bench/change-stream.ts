/**
 * What a browser tab does with the dashboard's live stream, shared by the
 * bench's probe client (live.ts) and its crowd (crowd.ts).
 */
import { request } from 'node:http';

/**
 * Holds /api/stream open and calls `onChange` for every `change` message.
 * Resolves, once the response has begun, with the function that closes it.
 */
export function openChangeStream(base: string, onChange: () => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/stream`, { headers: { accept: 'text/event-stream' } }, (res) => {
      resolve(() => req.destroy());
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const msg = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (msg.includes('event: change')) onChange();
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * `work` run as the UI's refetch runs: one at a time, and once more after
 * the running one when asked again meanwhile (never queued deeper).
 */
export function coalesced(work: () => Promise<void>): () => Promise<void> {
  let inflight = false;
  let again = false;
  return async () => {
    if (inflight) {
      again = true;
      return;
    }
    inflight = true;
    try {
      do {
        again = false;
        await work();
      } while (again);
    } finally {
      inflight = false;
    }
  };
}
