import { expect, test } from '@playwright/test';
import { request } from 'node:http';
import { demoState, PORT, PROXY_PORT, rawRequest, TOKEN_PORT, type RawResponse } from './support/servers';

/**
 * Identities the API server knows but whose RBAC cannot read the cluster
 * (a proxy user with no bindings, a workload's service account token, a
 * token revoked after sign-in) get no cluster data from anything the
 * dashboard serves: pages, their RSC payloads, redirects or API routes.
 * The ground truth (node names, stuck pods, file names, the API server's
 * address) comes from the demo cluster and the no-sign-in dashboard beside it.
 */

interface Truth { nodes: string[]; markers: string[] }

interface ScenarioView { nodes: { name: string; stuckPods: string[]; files: string[] }[] }

async function truth(): Promise<Truth> {
  const state = demoState();
  const res = await fetch(`${state.controlUrl}/scenario`, { headers: { authorization: `Bearer ${state.token}` } });
  const scenario = (await res.json()) as ScenarioView;
  const grid = JSON.parse((await rawRequest(PORT, { path: '/api/grid', headers: { host: `localhost:${PORT}` } })).text) as { meta: { cluster: { name: string; server?: string } } };
  const cluster = grid.meta.cluster;
  expect(scenario.nodes.length).toBeGreaterThan(3);
  expect(cluster.server).toBeTruthy();
  return {
    nodes: scenario.nodes.map((n) => n.name),
    markers: [
      ...new Set([
        ...scenario.nodes.flatMap((n) => [...n.stuckPods, ...n.files]),
        cluster.server!, new URL(state.url).host, cluster.name,
        'cniVersion', 'delegates', 'FailedCreatePodSandBox', 'validateIfName', 'kubeletVersion',
      ]),
    ],
  };
}

type Headers = Record<string, string | string[]>;
interface Identity { name: string; port: number; headers: Headers }

/** One GET; an event stream that opens (it never ends) is cut after its first bytes. */
function getOnce(port: number, path: string, headers: Headers): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          req.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Next answers an RSC request whose `_rsc` does not match its router
 * headers with a 307 to the same path with the right one, as the browser's
 * router follows it: follow that one hop, and keep every hop's body.
 */
async function get(port: number, path: string, headers: Headers): Promise<RawResponse & { hops: RawResponse[] }> {
  const first = await getOnce(port, path, headers);
  const location = first.headers.location;
  if (first.status !== 307 || typeof location !== 'string' || new URL(location, 'http://x').pathname !== new URL(path, 'http://x').pathname) return { ...first, hops: [first] };
  const second = await getOnce(port, location, headers);
  return { ...second, hops: [first, second] };
}

async function signIn(token: string): Promise<Headers> {
  const res = await rawRequest(TOKEN_PORT, {
    method: 'POST',
    path: '/api/session',
    headers: { host: `localhost:${TOKEN_PORT}`, origin: `http://localhost:${TOKEN_PORT}`, 'x-cni-health-action': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(200);
  const cookie = [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]!).join('; ');
  expect(cookie).toContain('cni-health-session=');
  return { cookie };
}

async function control(path: string, body: unknown): Promise<Record<string, unknown>> {
  const state = demoState();
  const res = await fetch(`${state.controlUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

const withQuery = (path: string, q: string): string => `${path}${path.includes('?') ? '&' : '?'}${q}`;

function pages(t: Truth): string[] {
  const [a, b] = t.nodes;
  return ['/', `/nodes/${a}`, '/pods', `/pods?node=${a}`, `/diff?base=${a}&target=${b}`, '/audit', '/nodes/no-such-node', '/no/such/page'];
}

function apis(t: Truth): string[] {
  const [a, b] = t.nodes;
  return [
    '/api/grid', '/api/nodes', `/api/nodes/${a}`, `/api/nodes/${a}/agent-log`, `/api/nodes/${a}/agent-log?previous=true`, '/api/pods', `/api/pods?node=${a}`, `/api/diff?base=${a}&target=${b}`,
    '/api/audit', '/api/metrics', '/api/stream', '/api/remediations', `/api/remediations?node=${a}`,
    '/api/remediations/operations/6f1c2f9e-2b1a-4c55-9a0e-3c2d1b0a9f87', '/api/sync',
    '/api/export/pods', '/api/export/pods?format=json', '/api/export/nodes', '/api/export/nodes?verdict=all&format=json',
    '/api/probes/mesh',
  ];
}

/** Node names the request itself names (its URL is echoed in the RSC tree) are the requester's, not the cluster's. */
function leaks(t: Truth, path: string, body: string): string[] {
  const named = new Set(decodeURIComponent(path).split(/[/?&=]/));
  const found = [...t.nodes.filter((n) => !named.has(n)), ...t.markers].filter((m) => body.includes(m));
  const verdicts = body.match(/\b(healthy|broken|degraded)\b/gi) ?? [];
  return [...found, ...verdicts];
}

async function expectNothingLeaks(t: Truth, who: Identity): Promise<void> {
  const seen: string[] = [];
  for (const page of pages(t)) {
    const variants: [string, Headers][] = [
      [page, {}],
      [page, { rsc: '1' }],
      [page, { rsc: '1', 'next-router-prefetch': '1' }],
      [withQuery(page, '_rsc=1x2y3'), {}],
      [withQuery(page, '_rsc=1x2y3'), { rsc: '1' }],
    ];
    for (const [path, extra] of variants) {
      const res = await get(who.port, path, { ...who.headers, ...extra });
      const label = `${who.name}: ${path} ${JSON.stringify(extra)} (${res.hops.map((h) => h.status).join(' → ')})`;
      seen.push(label);
      for (const hop of res.hops) expect.soft(leaks(t, path, hop.text), label).toEqual([]);
      expect.soft(res.status, label).not.toBe(500);
      if (extra.rsc && res.status === 200) expect.soft(String(res.headers['content-type']), label).toContain('text/x-component');
    }
  }
  for (const path of apis(t)) {
    const res = await get(who.port, path, who.headers);
    expect.soft([401, 403], `${who.name}: ${path} answered ${res.status}`).toContain(res.status);
    expect.soft(leaks(t, path, res.text), `${who.name}: ${path}`).toEqual([]);
  }
  const health = await get(who.port, '/api/healthz', who.headers);
  expect.soft(Object.keys(JSON.parse(health.text) as object), `${who.name}: /api/healthz`).toEqual(['ok']);
  expect(seen.length).toBeGreaterThan(30);
}

/** The probe mesh set to three nodes while these run, so its route has node names to leak. */
async function setMesh(nodes: string[]): Promise<void> {
  const state = demoState();
  const res = await fetch(`${state.url}/api/v1/namespaces/cni-health/configmaps/cni-health-probe-mesh`, {
    method: 'PATCH', headers: { authorization: `Bearer ${state.token}`, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ data: { nodes: nodes.join(' ') } }),
  });
  expect(res.status).toBe(200);
}

test.describe('identities without read access', () => {
  test.beforeAll(async () => setMesh((await truth()).nodes.slice(0, 3)));
  test.afterAll(async () => setMesh([]));

  test('the probe finds the data when the identity may read it (so its silence below means something)', async () => {
    const t = await truth();
    const admin = { 'x-remote-user': 'admin', 'x-remote-group': 'system:masters' };
    const [a, b] = t.nodes;
    for (const [path, extra] of [['/', {}], ['/', { rsc: '1' }], [`/nodes/${a}`, { rsc: '1' }], [`/diff?base=${a}&target=${b}`, {}], ['/api/grid', {}], ['/api/probes/mesh', {}]] as const) {
      const res = await get(PROXY_PORT, path, { ...admin, ...extra });
      expect(res.status, path).toBe(200);
      expect(leaks(t, path, res.text).length, `${path} ${JSON.stringify(extra)}`).toBeGreaterThan(2);
    }
  });

  test('a proxy user with no RBAC gets no cluster data from any page, RSC payload or API route', async () => {
    const t = await truth();
    await expectNothingLeaks(t, { name: 'proxy user mallory', port: PROXY_PORT, headers: { 'x-remote-user': 'mallory', 'x-remote-group': 'ops' } });
  });

  test('a workload\'s service account token gets none either, and its pages say who it is and why not', async () => {
    const t = await truth();
    const minted = await control('/tokens', { role: 'workload' });
    const headers = await signIn(minted.token as string);
    await expectNothingLeaks(t, { name: 'workload token', port: TOKEN_PORT, headers });
    const page = await get(TOKEN_PORT, '/', headers);
    expect(page.text).toContain('Not allowed');
    expect(page.text).toContain('system:serviceaccount:payments:default');
    expect(page.text).toContain('may not list nodes');
  });

  test('a token revoked after sign-in: the first page ends the session and every answer after it, redirects included, carries no data', async () => {
    const t = await truth();
    const node = `/nodes/${t.nodes[0]}`;
    // Next's own redirect (the session still exists when the request arrives), one session each: before
    // anything streamed (307), inside the node page's stream (after loading.tsx, 200), and as an RSC payload.
    const minted = await Promise.all([0, 1, 2].map(() => control('/tokens', { role: 'viewer' })));
    const sessions: Headers[] = [];
    for (const m of minted) sessions.push(await signIn(m.token as string));
    for (const m of minted) expect(await control('/tokens/revoke', { token: m.token })).toEqual({ revoked: true });
    const [htmlSession, streamSession, rscSession] = sessions as [Headers, Headers, Headers];

    const first = await getOnce(TOKEN_PORT, '/', htmlSession);
    expect(first.status).toBe(307);
    expect(first.headers.location).toBe('/signin');
    expect(leaks(t, '/', first.text)).toEqual([]);
    const streamed = await getOnce(TOKEN_PORT, node, streamSession);
    expect(streamed.text).toContain('/signin');
    expect(leaks(t, node, streamed.text)).toEqual([]);
    const firstRsc = await get(TOKEN_PORT, node, { ...rscSession, rsc: '1' });
    expect(firstRsc.text).toContain('/signin');
    for (const hop of firstRsc.hops) expect(leaks(t, node, hop.text)).toEqual([]);

    await expectNothingLeaks(t, { name: 'revoked token', port: TOKEN_PORT, headers: htmlSession });
    const again = await get(TOKEN_PORT, node, htmlSession);
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(/^\/signin\?next=/);
    expect(leaks(t, '', again.text)).toEqual([]);
  });

  test('in the browser the node page says "Not allowed", why and as whom, and its title names no node', async ({ browser }) => {
    const t = await truth();
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PROXY_PORT}`, extraHTTPHeaders: { 'x-remote-user': 'mallory' } });
    const page = await context.newPage();
    await page.goto(`/nodes/${t.nodes[0]}`);
    const denied = page.getByTestId('access-denied');
    await expect(denied.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByTestId('access-denied-reason')).toContainText('mallory may not list nodes');
    await expect(page.getByTestId('access-denied-user')).toContainText('Signed in as mallory (proxy mode)');
    await expect(page).toHaveTitle('Not allowed · cni-health');
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);
    expect(leaks(t, `/nodes/${t.nodes[0]}`, await page.content())).toEqual([]);
    await context.close();
  });

  test('/api/healthz tells anyone ok or not, and only a reader which kinds synced', async () => {
    for (const [port, headers] of [[PROXY_PORT, {}], [PROXY_PORT, { 'x-remote-user': 'mallory' }], [TOKEN_PORT, {}]] as const) {
      const res = await get(port, '/api/healthz', headers);
      expect([200, 503]).toContain(res.status);
      expect(JSON.parse(res.text)).toEqual({ ok: res.status === 200 });
    }
    const reader = await get(PROXY_PORT, '/api/healthz', { 'x-remote-user': 'alice', 'x-remote-group': 'cni-health:viewers' });
    const body = JSON.parse(reader.text) as { ok: boolean; kinds: { kind: string; synced: boolean }[] };
    expect(body.ok).toBe(reader.status === 200);
    expect(body.kinds.map((k) => k.kind).sort()).toEqual(['daemonsets', 'events', 'nodes', 'pods', 'probemesh', 'probes', 'snapshots']);
    const sync = await get(PROXY_PORT, '/api/sync', { 'x-remote-user': 'alice', 'x-remote-group': 'cni-health:viewers' });
    expect(sync.status).toBe(200);
    expect(await get(PROXY_PORT, '/api/sync', { 'x-remote-user': 'mallory' }).then((r) => r.status)).toBe(403);
  });
});
