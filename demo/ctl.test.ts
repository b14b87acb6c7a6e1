/** `npm run demo:ctl` as typed by hand: help and mistakes answer with usage, never a stack trace. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
let emptyStateDir: string;

beforeAll(async () => {
  emptyStateDir = await mkdtemp(join(tmpdir(), 'cni-health-ctl-'));
});
afterAll(async () => {
  await rm(emptyStateDir, { recursive: true, force: true });
});

function ctl(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, ['demo/ctl.ts', '--state-dir', emptyStateDir, ...args], { cwd: repo, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

const STACK = /\n\s+at |TypeError|ERR_PARSE_ARGS/;

describe('npm run demo:ctl', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints usage and exits 0, without a running demo', async (flag) => {
    const run = await ctl(flag);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run demo:ctl -- /);
    expect(run.stdout).toContain('reboot-with-race <node>');
    expect(run.stderr).toBe('');
  });

  it('an unknown command prints usage and exits 2', async () => {
    const run = await ctl('explode');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "explode"');
    expect(run.stderr).toContain('usage: npm run demo:ctl');
    expect(run.stderr).not.toMatch(STACK);
  });

  it('an unknown option prints usage and exits 2', async () => {
    const run = await ctl('--verbose', 'status');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--verbose'");
    expect(run.stderr).toContain('usage: npm run demo:ctl');
    expect(run.stderr).not.toMatch(STACK);
  });

  it('no command prints usage and exits 2', async () => {
    const run = await ctl();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: npm run demo:ctl');
  });

  it('a known command with no demo running says how to start one and exits 1', async () => {
    const run = await ctl('status');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no running demo cluster');
    expect(run.stderr).not.toMatch(STACK);
  });
});
