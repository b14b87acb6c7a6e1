/**
 * /healthz (liveness: the agent is not stuck) and /readyz (readiness: its
 * snapshot is published), with the agent's status as JSON for people
 * debugging a node. GET only; nothing secret in it.
 */
import { createServer, type Server } from 'node:http';
import type { AgentStatus } from './agent';

export interface HealthSource {
  live(): boolean;
  ready(): boolean;
  status(): AgentStatus;
}

export function startHealthServer(source: HealthSource, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const ok = path === '/healthz' ? source.live() : path === '/readyz' ? source.ready() : undefined;
    if (ok === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(`${JSON.stringify({ ok, ...source.status() })}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
