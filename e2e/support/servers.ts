import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * The e2e web servers (playwright.config.ts): the demo dashboard on PORT,
 * and beside it, against the same demo cluster, a dashboard in token mode
 * (PORT+1) and one in proxy mode trusting 127.0.0.1 only (PORT+2).
 */
export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const TOKEN_PORT = PORT + 1;
export const PROXY_PORT = PORT + 2;
export const STATE_DIR = process.env.E2E_STATE_DIR ?? '.demo/e2e';

export function demoState(): { url: string; token: string; viewerToken: string; controlUrl: string } {
  return JSON.parse(readFileSync(join(STATE_DIR, 'state.json'), 'utf8')) as { url: string; token: string; viewerToken: string; controlUrl: string };
}

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; text: string }

/**
 * One HTTP request exactly as given: any Host, Origin, repeated headers,
 * chunked bodies, from a chosen local address (127.0.0.2 is another peer
 * than 127.0.0.1). fetch would normalise most of that away.
 * Each on its own connection (agent: false): Node 20's global agent keeps
 * sockets alive, and a request sent on one the server has just closed after
 * its keep-alive timeout fails with ECONNRESET.
 */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string | string[]>; body?: string | Buffer; chunked?: boolean; localAddress?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, localAddress: opts.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined && opts.chunked) {
      // Several writes without a Content-Length: Node sends Transfer-Encoding: chunked.
      const body = Buffer.from(opts.body);
      for (let at = 0; at < body.length; at += 8192) req.write(body.subarray(at, at + 8192));
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}
