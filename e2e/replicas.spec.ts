import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT, startDemoProcess } from '../scripts/launch';

/**
 * Two dashboard replicas in token mode against their own demo cluster, as
 * deploy/base runs them: a fix previewed on one and started on the other,
 * whose replica is killed (SIGKILL) mid-rollout; the surviving replica
 * takes the operation over, finishes and reports it, the audit Event is
 * written exactly once, and the user's session works there without signing
 * in again. Then a bulk repair whose replica is killed midway: the other
 * goes on from the recorded node states and every node is audited once.
 * Plain HTTP, no browser: the journey is the servers'.
 */
const STATE_DIR = join('.demo', `replicas-${process.pid}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Replica { port: number; child: ChildProcess; base: string }

/**
 * As scripts/launch.ts starts a dashboard, but in its own process group:
 * tsx runs the server in a child process, and SIGKILL to tsx alone would
 * leave the server running. Killing the group kills the replica.
 */
function replica(port: number, name: string, extraEnv: Record<string, string> = {}): Replica {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['server/main.ts', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production',
      KUBECONFIG: join(STATE_DIR, 'kubeconfig-dashboard'), CNI_HEALTH_AUTH: 'token', CNI_HEALTH_MODE: '', CNI_HEALTH_NAMESPACE: 'cni-health',
      CNI_HEALTH_HOSTS: `http://127.0.0.1:${port}`, HOSTNAME: name, ...extraEnv,
    },
  });
  return { port, child, base: `http://127.0.0.1:${port}` };
}

const killGroup = (c: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    process.kill(-c.pid!, signal);
  } catch {
    // Already gone.
  }
};

const exited = (c: ChildProcess): Promise<void> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r())));

async function call<T>(r: Replica, method: 'GET' | 'POST', path: string, cookie?: string, body?: unknown): Promise<{ status: number; body: T; setCookie: string | null }> {
  const res = await fetch(`${r.base}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { origin: r.base, 'x-cni-health-action': '1', 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T, setCookie: res.headers.get('set-cookie') };
}

interface Op { id: string; state: string; outcome?: string; rollout?: { updated: number }; audit?: { state: string; message: string } }

test.describe('two replicas', () => {
  test('a replica killed mid-operation: the other finishes and reports it, audits it once, and keeps the session', async () => {
    test.setTimeout(300_000);
    const demo = await startDemoProcess(['--port', '0', '--state-dir', STATE_DIR]);
    const admin = (JSON.parse(readFileSync(join(STATE_DIR, 'state.json'), 'utf8')) as { token: string }).token;
    const [a, b] = [replica(await freePort(), 'replica-a'), replica(await freePort(), 'replica-b')];
    try {
      for (const r of [a, b]) {
        await expect.poll(async () => (await fetch(`${r.base}/api/healthz`).catch(() => undefined))?.status, { timeout: 120_000, intervals: [500] }).toBe(200);
      }
      const signIn = await call<{ user: string }>(a, 'POST', '/api/session', undefined, { token: admin });
      expect(signIn.status).toBe(200);
      const cookie = signIn.setCookie!.split(';')[0]!;

      // Previewed on B, started on A: the preview record is shared too.
      const preview = await call<{ previewId: string; confirmText: string; canApply: boolean }>(b, 'POST', '/api/remediations/preview', cookie, { action: 'multus-guaranteed-qos', params: {} });
      expect(preview.status).toBe(200);
      expect(preview.body.canApply).toBe(true);
      const started = await call<Op>(a, 'POST', '/api/remediations', cookie, { previewId: preview.body.previewId, confirm: preview.body.confirmText, idempotencyKey: 'replicas-kill-1' });
      expect(started.status).toBe(202);
      const id = started.body.id;

      // Mid-rollout on A: some Multus pods updated, not all.
      await expect.poll(async () => {
        const op = (await call<Op>(a, 'GET', `/api/remediations/operations/${id}`, cookie)).body;
        return op.state === 'verifying' && (op.rollout?.updated ?? 0) >= 1;
      }, { timeout: 60_000, intervals: [250] }).toBe(true);
      killGroup(a.child, 'SIGKILL');
      await exited(a.child);
      await expect.poll(async () => (await fetch(`${a.base}/api/healthz`).then(() => 'up', () => 'down')), { timeout: 10_000 }).toBe('down');

      // B answers for it at once, from the record A wrote (still running), and finishes it.
      expect(['running', 'verifying']).toContain((await call<Op>(b, 'GET', `/api/remediations/operations/${id}`, cookie)).body.state);
      await expect.poll(async () => (await call<Op>(b, 'GET', `/api/remediations/operations/${id}`, cookie)).body.state, { timeout: 180_000, intervals: [1_000] }).toBe('succeeded');
      const done = (await call<Op>(b, 'GET', `/api/remediations/operations/${id}`, cookie)).body;
      expect(done.outcome).toMatch(/finished by another replica/);
      await expect.poll(async () => (await call<Op>(b, 'GET', `/api/remediations/operations/${id}`, cookie)).body.audit?.state, { timeout: 30_000 }).toBe('recorded');

      const events = (await (await fetch(`${demo.ready.url}/api/v1/namespaces/cni-health/events`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { metadata: { annotations?: Record<string, string> } }[] };
      expect(events.items.filter((e) => e.metadata.annotations?.['cni-health.io/operation'] === id)).toHaveLength(1);

      // The session A opened works on B, without signing in again.
      const who = await call<{ user: string }>(b, 'GET', '/api/identity', cookie);
      expect(who.status).toBe(200);
      expect(who.body.user).toBe('admin');
      const audit = await call<{ entries: { action: string; outcome: string }[] }>(b, 'GET', '/api/audit', cookie);
      expect(audit.body.entries.filter((e) => e.action === 'multus-guaranteed-qos' && e.outcome === 'succeeded')).toHaveLength(1);
    } finally {
      for (const r of [a, b]) killGroup(r.child, 'SIGKILL');
      if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
      await Promise.all([a.child, b.child, demo.child].map(exited));
      rmSync(STATE_DIR, { recursive: true, force: true });
    }
  });

  test('a replica killed mid-bulk-repair: the other goes on from the recorded nodes, and every node is audited exactly once', async () => {
    test.setTimeout(300_000);
    const stateDir = `${STATE_DIR}-bulk`;
    const demo = await startDemoProcess(['--port', '0', '--state-dir', stateDir]);
    const admin = (JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as { token: string }).token;
    // One node at a time, so the kill lands with nodes done, one in flight and others queued.
    const env = { KUBECONFIG: join(stateDir, 'kubeconfig-dashboard'), CNI_HEALTH_BULK_CONCURRENCY: '1' };
    const [a, b] = [replica(await freePort(), 'replica-a', env), replica(await freePort(), 'replica-b', env)];
    try {
      for (const r of [a, b]) {
        await expect.poll(async () => (await fetch(`${r.base}/api/healthz`).catch(() => undefined))?.status, { timeout: 120_000, intervals: [500] }).toBe(200);
      }
      const signIn = await call<{ user: string }>(a, 'POST', '/api/session', undefined, { token: admin });
      expect(signIn.status).toBe(200);
      const cookie = signIn.setCookie!.split(';')[0]!;

      // Bulk previews live in the memory of the replica that made them: previewed and started on A.
      const preview = await call<{ previewId: string; confirmText: string; canApply: boolean; cannotApplyReason?: string; nodes: { node: string }[] }>(a, 'POST', '/api/remediations/bulk/preview', cookie, { ruleId: 'multus-nested-delegates', action: 'repair-node-cni-config' });
      expect(preview.status).toBe(200);
      expect(preview.body.cannotApplyReason).toBeUndefined();
      expect(preview.body.canApply).toBe(true);
      const nodes = preview.body.nodes.map((n) => n.node);
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      const started = await call<Bulk>(a, 'POST', '/api/remediations/bulk', cookie, { previewId: preview.body.previewId, confirm: preview.body.confirmText, idempotencyKey: 'replicas-bulk-kill-1' });
      expect(started.status).toBe(202);
      const id = started.body.id;

      // Killed with the first node verified and the rest not yet ended.
      await expect.poll(async () => {
        const bulk = (await call<Bulk>(a, 'GET', `/api/remediations/bulk/${id}`, cookie)).body;
        return bulk.counts.verified >= 1 && bulk.counts.queued + bulk.counts.running >= 1;
      }, { timeout: 90_000, intervals: [200] }).toBe(true);
      killGroup(a.child, 'SIGKILL');
      await exited(a.child);
      const atKill = (await call<Bulk>(b, 'GET', `/api/remediations/bulk/${id}`, cookie)).body;
      expect(['running', 'cancelling']).toContain(atKill.state);

      // B, reached with the same session, reports it from the record and finishes it.
      await expect.poll(async () => (await call<Bulk>(b, 'GET', `/api/remediations/bulk/${id}`, cookie)).body.state, { timeout: 180_000, intervals: [1_000] }).toBe('done');
      const done = (await call<Bulk>(b, 'GET', `/api/remediations/bulk/${id}`, cookie)).body;
      expect(done.outcome).toMatch(/finished by another replica/);
      expect(done.nodes.map((n) => n.state)).toEqual(nodes.map(() => 'verified'));
      // Nodes already verified when A died kept their operation: not repaired twice.
      for (const n of atKill.nodes.filter((x) => x.state === 'verified')) expect(done.nodes.find((x) => x.node === n.node)?.operationId).toBe(n.operationId);

      const opIds = done.nodes.map((n) => n.operationId!);
      expect(new Set(opIds).size).toBe(nodes.length);
      await expect.poll(async () => {
        const events = (await (await fetch(`${demo.ready.url}/api/v1/namespaces/cni-health/events`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { metadata: { annotations?: Record<string, string> } }[] };
        return opIds.map((op) => events.items.filter((e) => e.metadata.annotations?.['cni-health.io/operation'] === op).length);
      }, { timeout: 30_000 }).toEqual(opIds.map(() => 1));
    } finally {
      for (const r of [a, b]) killGroup(r.child, 'SIGKILL');
      if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
      await Promise.all([a.child, b.child, demo.child].map(exited));
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

interface Bulk { id: string; state: string; outcome?: string; counts: Record<'queued' | 'running' | 'verified' | 'failed' | 'skipped', number>; nodes: { node: string; state: string; operationId?: string }[] }
