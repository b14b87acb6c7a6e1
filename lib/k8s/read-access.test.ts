import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo/cluster';
import { readAccess, READ_ACCESS_TTL_MS } from './read-access';
import type { UserContext } from './user';
import { kubeConfigForToken } from './user-client';

let demo: DemoCluster;

async function control(path: string, body: unknown): Promise<{ token?: string }> {
  const res = await fetch(`${demo.controlUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as { token?: string };
}

function tokenUser(token: string, key: string): UserContext {
  const base = new KubeConfig();
  base.loadFromFile(demo.kubeconfigPath);
  return {
    kubeConfig: kubeConfigForToken(base, token),
    identity: { user: 'viewer', source: 'token', mode: 'token' },
    mayMutate: false,
    readGated: { key },
  };
}

beforeAll(async () => {
  demo = await startDemoCluster({ stateDir: mkdtempSync(join(tmpdir(), 'cni-health-test-')), rbacWarmupMs: 0 });
});
afterAll(async () => {
  await demo.dispose();
});

describe('readAccess', () => {
  it('forgets a granted read within the API server own token-cache window, so a revoked token stops reading', async () => {
    const { token } = await control('/tokens', { role: 'viewer' });
    const user = tokenUser(token!, `session:revoked-${Date.now()}`);
    const t0 = Date.now();
    await expect(readAccess(user, 'cni-health', t0)).resolves.toEqual({ ok: true });
    await control('/tokens/revoke', { token });
    // Inside the window the remembered answer stands (no review per request)...
    await expect(readAccess(user, 'cni-health', t0 + READ_ACCESS_TTL_MS - 1)).resolves.toEqual({ ok: true });
    // ...and 11 s after the grant the revocation has taken effect.
    const after = await readAccess(user, 'cni-health', t0 + 11_000);
    expect(after).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 403 naming what is missing for an identity without read RBAC', async () => {
    const { token } = await control('/tokens', { role: 'workload' });
    const answer = await readAccess(tokenUser(token!, `session:workload-${Date.now()}`), 'cni-health');
    expect(answer).toMatchObject({ ok: false, status: 403 });
    expect(answer.ok ? '' : answer.error).toContain('list nodes');
  });
});
