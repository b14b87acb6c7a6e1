import { expect, test } from '@playwright/test';
import { PROXY_PORT, rawRequest } from './support/servers';

/**
 * Proxy mode (CNI_HEALTH_AUTH=proxy, trusting 127.0.0.1 only) through real
 * HTTP: the same request naming a user counts from the trusted address and
 * is anonymous from another (127.0.0.2); the demo cluster acts as the named
 * user (impersonation), as its permission answers show.
 */
const asUser = (user: string, groups: string[], localAddress = '127.0.0.1') =>
  rawRequest(PROXY_PORT, { path: '/api/identity', headers: { 'x-remote-user': user, 'x-remote-group': groups }, localAddress });

test.describe('authenticating proxy', () => {
  test('believes the user and groups from the trusted proxy address only', async () => {
    const trusted = await asUser('alice', ['cni-health:viewers', 'ops']);
    expect(trusted.status).toBe(200);
    expect(JSON.parse(trusted.text)).toMatchObject({ user: 'alice', mode: 'proxy', groups: ['cni-health:viewers', 'ops'] });

    const untrusted = await asUser('alice', ['cni-health:viewers'], '127.0.0.2');
    expect(untrusted.status).toBe(401);
    expect(JSON.parse(untrusted.text)).toMatchObject({ code: 'unauthenticated' });
    const page = await rawRequest(PROXY_PORT, { path: '/', headers: { 'x-remote-user': 'admin' }, localAddress: '127.0.0.2' });
    expect(page.status).toBe(401);
    expect(page.text).toContain('authenticating proxy');
  });

  test('the API server sees the impersonated user: RBAC answers for them, not for the dashboard', async () => {
    const viewer = await rawRequest(PROXY_PORT, { path: '/api/remediations', headers: { 'x-remote-user': 'alice', 'x-remote-group': 'cni-health:viewers' } });
    expect(viewer.status).toBe(200);
    const view = JSON.parse(viewer.text) as { identity: { user: string }; actions: { id: string; permission?: { allowed: boolean; reason?: string } }[] };
    expect(view.identity.user).toBe('alice');
    const qos = view.actions.find((a) => a.id === 'multus-guaranteed-qos');
    expect(qos?.permission?.allowed).toBe(false);
    expect(qos?.permission?.reason ?? '').toContain('alice may not');

    const remediator = await rawRequest(PROXY_PORT, { path: '/api/remediations', headers: { 'x-remote-user': 'bob', 'x-remote-group': ['cni-health:remediators'] } });
    const bob = JSON.parse(remediator.text) as { actions: { id: string; permission?: { allowed: boolean } }[] };
    expect(bob.actions.find((a) => a.id === 'multus-guaranteed-qos')?.permission?.allowed).toBe(true);
  });

  test('a user whose RBAC cannot read the cluster is refused the views', async () => {
    const nobody = await rawRequest(PROXY_PORT, { path: '/api/nodes', headers: { 'x-remote-user': 'mallory' } });
    expect(nobody.status).toBe(403);
    expect(JSON.parse(nobody.text).error).toContain('mallory may not list nodes');
  });

  test('a peer that is not the proxy is anonymous, whatever it forwards', async () => {
    const forged = await rawRequest(PROXY_PORT, {
      method: 'POST',
      path: '/api/remediations/preview',
      localAddress: '127.0.0.2',
      headers: { host: `127.0.0.1:${PROXY_PORT}`, 'x-remote-user': 'admin', 'x-forwarded-host': 'evil.example', origin: 'http://evil.example', 'x-cni-health-action': '1', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.text)).toMatchObject({ code: 'unauthenticated' });
  });
});
