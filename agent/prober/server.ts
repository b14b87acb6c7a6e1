/**
 * The prober's own port: `/ping` for peers (200, no body worth reading) and
 * `/healthz` for the kubelet, `/metrics` for Prometheus (per check kind,
 * never per peer). Nothing else is served, and the prober only
 * ever connects to this port on its peers.
 */
import { createServer, type Server } from 'node:http';

export function startProbeServer(port: number, host = '0.0.0.0', metrics?: () => Promise<{ body: string; contentType: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    if (metrics && req.method === 'GET' && req.url === '/metrics') {
      metrics().then(({ body, contentType }) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(body);
      }, () => {
        res.writeHead(500);
        res.end();
      });
      return;
    }
    if (req.method === 'GET' && (req.url === '/ping' || req.url === '/healthz')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end('ok\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  // Peers hold no connection open between rounds.
  server.keepAliveTimeout = 1_000;
  server.headersTimeout = 5_000;
  server.requestTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
