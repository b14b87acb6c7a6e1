/** `npm run demo` as a newcomer runs it: the command line, not the servers it starts. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');

interface Run { code: number | null; stdout: string; stderr: string }

function demo(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, ['scripts/demo.ts', ...args], { cwd: repo, timeout: 30_000, env: { ...process.env, PORT: '' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('npm run demo', () => {
  it('with its port taken says so, suggests --port, starts nothing and exits non-zero', async () => {
    const other = createServer();
    servers.push(other);
    const port = await new Promise<number>((r) => other.listen(0, '127.0.0.1', () => r((other.address() as { port: number }).port)));
    const stateDir = await mkdtemp(join(tmpdir(), 'cni-health-demo-port-'));
    dirs.push(stateDir);

    const run = await demo(['--port', String(port), '--state-dir', stateDir]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(run.stderr).toContain(`npm run demo -- --port ${port + 1}`);
    expect(run.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(run.stdout).not.toContain('Dashboard:');
    // The demo cluster was never started: it writes its state file first thing.
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
  });

  it('--help prints usage, with --port and --dev', async () => {
    const run = await demo(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run demo/);
    expect(run.stdout).toContain('--dev');
  });

  it('an unknown option prints usage and exits 2', async () => {
    const run = await demo(['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain('usage: npm run demo');
  });
});
