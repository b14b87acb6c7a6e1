import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { PORT, rawRequest, type RawResponse } from './support/servers';

/**
 * Requests crafted by hand against the running server: forged origins,
 * wrong types, oversized and chunked bodies, strange node names. Each gets
 * a clear 4xx with a JSON message, never a 500 or a stack trace.
 */
const HOST = `127.0.0.1:${PORT}`;
const good = { host: HOST, origin: `http://${HOST}`, 'x-cni-health-action': '1', 'content-type': 'application/json' };
const preview = (headers: Record<string, string>, body: string | Buffer = '{"action":"cordon-node","node":"x","params":{}}', chunked = false): Promise<RawResponse> =>
  rawRequest(PORT, { method: 'POST', path: '/api/remediations/preview', headers, body, chunked });

function expectClean(res: RawResponse, status: number): void {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = JSON.parse(res.text) as { error: string };
  expect(body.error.length).toBeGreaterThan(0);
  expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
}

test.describe('crafted requests', () => {
  for (const [what, origin] of [['missing', undefined], ['null', 'null'], ['malformed', 'http://['], ['foreign', 'http://evil.example'], ['look-alike', `http://${HOST}.evil.example`]] as const) {
    test(`a ${what} Origin is refused with 403`, async () => {
      const { origin: _drop, ...rest } = good;
      expectClean(await preview(origin === undefined ? rest : { ...rest, origin }), 403);
    });
  }

  test('a forged X-Forwarded-Host does not make a foreign Origin ours', async () => {
    expectClean(await preview({ ...good, origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' }), 403);
  });

  test('a websocket upgrade naming a foreign Host is cut without an answer', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(PORT, '127.0.0.1', () => {
        socket.write(['GET /_next/hmr HTTP/1.1', 'Host: evil.example', 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', ''].join('\r\n'));
      });
      let got = '';
      socket.on('data', (d) => { got += d.toString(); });
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(reply).toBe('');
  });

  test('no custom header: 403; text/plain: 415; malformed JSON and bad shapes: 400', async () => {
    const { 'x-cni-health-action': _h, ...noHeader } = good;
    expectClean(await preview(noHeader), 403);
    expectClean(await preview({ ...good, 'content-type': 'text/plain' }), 415);
    expectClean(await preview(good, '{"action":'), 400);
    expectClean(await preview(good, '{"action":"cordon-node","node":"../etc","params":{}}'), 400);
  });

  test('a 100 KB body is refused with 413, declared or chunked', async () => {
    const big = Buffer.from(`{"action":"${'x'.repeat(100 * 1024)}"}`);
    expectClean(await preview(good, big), 413);
    expectClean(await preview(good, big, true), 413);
  });

  test('GET on a mutating route changes nothing', async () => {
    const res = await rawRequest(PORT, { path: '/api/remediations/preview', headers: { host: HOST } });
    expect(res.status).toBe(405);
  });

  for (const [what, name] of [['254 characters', 'a'.repeat(254)], ['uppercase', 'Node-1'], ['a path escape', '..%2F..%2Fetc'], ['unicode', 'n%C3%B6de'], ['a NUL', 'a%00b'], ['bad percent-encoding', '%E0%A4%A']] as const) {
    test(`a node name with ${what} gets 400 with a message`, async () => {
      expectClean(await rawRequest(PORT, { path: `/api/nodes/${name}`, headers: { host: HOST } }), 400);
      expectClean(await rawRequest(PORT, { path: `/api/remediations?node=${name}`, headers: { host: HOST } }), 400);
    });
  }

  test('query inputs of every view are validated', async () => {
    expectClean(await rawRequest(PORT, { path: '/api/pods?node=UPPER', headers: { host: HOST } }), 400);
    expectClean(await rawRequest(PORT, { path: '/api/diff?target=..%2Fx', headers: { host: HOST } }), 400);
    expectClean(await rawRequest(PORT, { path: '/api/grid?since=-1&epoch=zz', headers: { host: HOST } }), 400);
    expectClean(await rawRequest(PORT, { path: '/api/remediations/operations/not-a-uuid', headers: { host: HOST } }), 400);
  });

  test('a page or API asked for under a foreign Host name is refused (DNS rebinding)', async () => {
    const res = await rawRequest(PORT, { path: '/api/nodes', headers: { host: `attacker.example:${PORT}` } });
    expect(res.status).toBe(403);
  });
});
