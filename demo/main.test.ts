/** The CLIs as `npm run demo:cluster` and `npm run demo:ctl` run them (tsx). */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoState } from './state-files';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

let stateDir: string;
let child: ChildProcessWithoutNullStreams;
let firstLine: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'cni-health-main-'));
  child = spawn(tsx, ['demo/main.ts', '--state-dir', stateDir, '--port', '0'], { cwd: repo });
  firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`demo cluster exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(stateDir, { recursive: true, force: true });
});

describe('npm run demo:cluster', () => {
  it('prints DEMO_READY with the state (minus the token) as its first line', async () => {
    expect(firstLine).toMatch(/^DEMO_READY \{/);
    const ready = JSON.parse(firstLine.slice('DEMO_READY '.length)) as Record<string, unknown>;
    const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8')) as DemoState;
    const { token, viewerToken, dashboardToken, ...rest } = state;
    expect(dashboardToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ready).toEqual({ ...rest, demoModeKubeconfigPath: join(stateDir, 'kubeconfig-demo-dashboard') });
    expect(ready).toMatchObject({ scenario: 'multus-boot-race', kubeconfigPath: join(stateDir, 'kubeconfig'), controlUrl: `${state.url}/demo/v1` });
    expect(token.length).toBeGreaterThan(30);
    expect(viewerToken.length).toBeGreaterThan(30);
    expect(statSync(join(stateDir, 'kubeconfig')).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir, 'state.json')).mode & 0o777).toBe(0o600);
    const version = await fetch(`${state.url}/version`, { headers: { Authorization: `Bearer ${token}` } });
    expect(version.status).toBe(200);
  });

  it('is driven by npm run demo:ctl through the state file', { timeout: 60_000 }, async () => {
    const ctl = (...args: string[]): Promise<{ stdout: string }> => run(tsx, ['demo/ctl.ts', '--state-dir', stateDir, ...args], { cwd: repo });
    const status = await ctl('status');
    expect(status.stdout).toMatch(/ip-10-0-4-201\.eu-west-1\.compute\.internal\s+eu-west-1a\s+nested-delegates\s+broken/);
    const healed = await ctl('heal', 'ip-10-0-4-201');
    expect(healed.stdout).toContain('heal: ip-10-0-4-201.eu-west-1.compute.internal is now healthy');
    await expect(ctl('heal', 'ip-10-9-9-9')).rejects.toMatchObject({ stderr: expect.stringContaining('unknown node "ip-10-9-9-9"') });
  });

  it('exits 0 on SIGTERM and removes its state file', { timeout: 30_000 }, async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
  });
});
