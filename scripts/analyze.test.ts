import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const AWS = JSON.stringify({ cniVersion: '0.4.0', name: 'aws-cni', plugins: [{ type: 'aws-cni' }] });
let outside: string;
let bundle: string;

beforeAll(async () => {
  outside = await mkdtemp(join(tmpdir(), 'analyze-'));
  bundle = join(outside, 'bundle');
  await mkdir(bundle);
  await writeFile(join(outside, 'secret.conf'), '{"secret":true}');
  const hostile = join(bundle, 'node-\u001b[31mred\u202e');
  await mkdir(hostile);
  await writeFile(join(hostile, '10-aws.conflist'), AWS);
  await writeFile(join(hostile, '00-\u2066bad\u200b.conf'), '{"cniVersion":"0.4.0"}');
  execFileSync('mkfifo', [join(hostile, '05-fifo.conf')]);
  await symlink(join(outside, 'secret.conf'), join(hostile, '06-out.conf'));
  await mkdir(join(bundle, 'node-b'));
  await writeFile(join(bundle, 'node-b', '10-aws.conflist'), AWS);
  await writeFile(join(bundle, 'node-b', '20-extra.conf'), AWS);
});

afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

const analyze = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync('npx', ['tsx', 'scripts/analyze.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('npm run analyze on a hostile bundle', () => {
  it('shows control characters in names and titles as markers, never sends them to the terminal', () => {
    const { stdout } = analyze(bundle);
    expect(stdout).not.toMatch(/[\u001b\u202e\u2066\u200b]/);
    expect(stdout).toContain('node-⟨U+001B⟩[31mred⟨U+202E⟩');
    const json = analyze(bundle, '--json').stdout;
    expect(json).not.toMatch(/[\u001b\u202e\u2066\u200b]/);
    const report = JSON.parse(json) as { nodes: Array<{ node: string; files: string[] }> };
    expect(report.nodes.map((n) => n.node)).toContain('node-\u001b[31mred\u202e');
  });

  it('neither blocks on a FIFO nor follows a link out of the bundle', () => {
    const report = JSON.parse(analyze(bundle, '--json').stdout) as { nodes: Array<{ node: string; findings: Array<{ ruleId: string; evidence: Array<{ file?: string; message?: string }> }> }> };
    const evidence = JSON.stringify(report.nodes.find((n) => n.node.startsWith('node-\u001b'))!.findings);
    expect(evidence).toContain('a FIFO, not a regular file');
    expect(evidence).toMatch(/06-out\.conf.*symlink to .*secret\.conf, outside/);
    expect(evidence).not.toContain('"secret":true');
  });

  it('stops at its total read budget and says so, with exit code 2', () => {
    const r = analyze(bundle, '--max-files=3');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the bundle holds more than 3 files; stopped reading there/);
    expect(r.stdout).toContain('NODE');
  });
});
