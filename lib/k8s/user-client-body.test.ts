/**
 * A request body sent with a user's credentials reaches the server framed:
 * a DELETE carries DeleteOptions (the uid precondition that makes "delete
 * this pod" mean only this pod), and node:http does not chunk a DELETE by
 * default, so an unframed body would not be part of the request at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kubeConfigForToken, kubeConfigImpersonating } from './user-client';

let server: Server;
const seen: Array<{ method?: string; body: string; auth?: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      seen.push({ method: req.method, body, auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"kind":"Status","apiVersion":"v1","status":"Success"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function base(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'dashboard', token: 'dashboard-token' }], contexts: [{ name: 'x', cluster: 'c', user: 'dashboard' }], currentContext: 'x',
  });
  return kc;
}

it.each([
  ['a signed-in user\'s token', () => kubeConfigForToken(base(), 'user-token'), 'Bearer user-token'],
  ['an impersonated user', () => kubeConfigImpersonating(base(), 'alice', ['ops']), 'Bearer dashboard-token'],
])('sends a DELETE\'s DeleteOptions as %s', async (_what, make, auth) => {
  seen.length = 0;
  await make().makeApiClient(CoreV1Api).deleteNamespacedPod({ name: 'p', namespace: 'n', dryRun: 'All', body: { preconditions: { uid: 'uid-1' } } });
  expect(seen).toEqual([{ method: 'DELETE', body: '{"preconditions":{"uid":"uid-1"}}', auth }]);
});
