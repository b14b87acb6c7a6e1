/**
 * The dashboard's HTTP server: Next.js behind a short pipeline that sees
 * what Next's route handlers cannot, the TCP peer (server/pipeline.ts).
 *   tsx server/main.ts [--dev] [--host 127.0.0.1] [--port 3000]
 * (or CNI_HEALTH_HOST and PORT)
 * The sign-in mode comes from the environment (lib/auth/mode.ts); nonsense
 * combinations (the demo on a public address, proxy mode without proxy
 * addresses) stop it here with exit code 1.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import next from 'next';
import { setAuthMode } from '@/lib/auth/current';
import { resolveAuthMode } from '@/lib/auth/mode';
import { createServerMark } from '@/lib/auth/server-mark';
import { gate } from './gate';
import { compressionLayer } from './compress';
import { fastRouteLayer } from './fast';
import { claimsLayer, compose, gateLayer } from './pipeline';
import { rateLimitLayer } from './rate-limit';
import { securityHeadersLayer } from './security-headers';
import { slowClientLayer } from './slow-clients';
import { clusterSource } from './source';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    // Not HOSTNAME: shells and Kubernetes set that to the machine's or pod's name.
    host: { type: 'string', default: process.env.CNI_HEALTH_HOST || '127.0.0.1' },
    port: { type: 'string', default: process.env.PORT || '3000' },
  },
});
const host = values.host;
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`cni-health: --port must be a TCP port number, got ${values.port}`);
  process.exit(1);
}

const resolved = resolveAuthMode({ env: process.env, host, source: clusterSource(process.env) });
if (!resolved.ok) {
  console.error(`\ncni-health: ${resolved.reason}\n`);
  process.exit(1);
}
const { mode } = resolved;
setAuthMode(mode);
const mark = createServerMark();

// This server compresses (server/compress.ts: tagged bodies such as the grid
// once per version, the rest per response), so next.config.js turns Next's off.
process.env.CNI_HEALTH_COMPRESSION = 'server';
const app = next({ dev: values.dev, dir: ROOT, hostname: host, port, ...(values.dev ? { turbopack: true } : {}) });
await app.prepare();
const handle = app.getRequestHandler();

// In production the grid is answered before Next's router (server/fast.ts);
// in development it goes through Next, so edits to it hot-reload. Security
// headers first, so every answer has them; the Host rule (gate) before
// anything reads the request beyond the claims layer's header filtering.
const layers = [securityHeadersLayer(mode, { dev: values.dev }), compressionLayer(), slowClientLayer(), claimsLayer(mode, mark), gateLayer(mode), rateLimitLayer('/api/session'), ...(values.dev ? [] : [fastRouteLayer()])];
const handler = compose(layers, (req, res) => handle(req, res));
const server = createServer((req, res) => {
  Promise.resolve(handler(req, res)).catch((e: unknown) => {
    console.error('[cni-health] request failed', req.method, req.url, e);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error","code":"internal"}');
    else res.destroy();
  });
});
// Next's request handler attaches its own 'upgrade' listener (hot reload's
// websocket in development) to this server on the first request; a second
// handler of ours would answer each upgrade twice and send the browser into a
// reload loop. This one only runs first and closes what the Host rule refuses,
// so a DNS-rebinding page cannot reach it under a name of its own.
server.prependListener('upgrade', (req, socket) => {
  if (gate(mode, { path: req.url ?? '/', url: req.url ?? '/', host: req.headers.host, hasSession: false, proxyUser: undefined }).kind === 'deny') socket.destroy();
});
// Without this, a taken port is an unhandled 'error' event: a stack trace, and in
// development Next's own servers keep the process alive (issue 14.5).
server.once('error', (e: NodeJS.ErrnoException) => {
  const why = e.code === 'EADDRINUSE' ? 'is already in use by another program; stop it or pick another port with --port' : e.code === 'EACCES' ? 'needs privileges this user does not have; pick a port above 1023 with --port' : `cannot be listened on: ${e.message}`;
  console.error(`cni-health: port ${port} on ${host} ${why}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`cni-health: listening on http://${shown}:${port} (${values.dev ? 'development' : 'production'}, sign-in mode: ${mode.name})`);
});

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
