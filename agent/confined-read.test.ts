import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfined, readConfinedSync } from './confined-read';
import { scanConfDir } from './scan';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'confined-')));
  dir = join(root, 'net.d');
  await mkdir(dir);
  await writeFile(join(root, 'secret.conf'), '{"secret":true}');
  await writeFile(join(dir, '10-ok.conf'), '{"type":"bridge"}');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const both = async (name: string, cap = 1024): Promise<Array<Awaited<ReturnType<typeof readConfined>>>> => [await readConfined(dir, name, cap, '/etc/cni/net.d'), readConfinedSync(dir, name, cap, '/etc/cni/net.d')];

describe('reading a directory entry through its checked descriptor', () => {
  it('reads a regular file, hashing it and keeping at most the cap', async () => {
    const [a, s] = await both('10-ok.conf', 5);
    expect(a).toMatchObject({ ok: true, size: 17, head: Buffer.from('{"typ') });
    expect(s).toMatchObject({ ok: true, size: 17, head: Buffer.from('{"typ'), truncated: true });
  });

  it('refuses a symlink out of the directory, and follows one that stays inside', async () => {
    await symlink(join(root, 'secret.conf'), join(dir, '05-link.conf'));
    await symlink('10-ok.conf', join(dir, '06-inside.conf'));
    for (const r of await both('05-link.conf')) expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^symlink to .*secret\.conf, outside \/etc\/cni\/net\.d: not followed$/) });
    for (const r of await both('06-inside.conf')) expect(r).toMatchObject({ ok: true, head: Buffer.from('{"type":"bridge"}') });
  });

  it('refuses a path whose directory was swapped for a symlink out of it: the descriptor is checked, not the path', async () => {
    await mkdir(join(dir, 'multus.d'));
    await writeFile(join(dir, 'multus.d', 'secret.conf'), 'inside');
    // The swap: the checked sub-directory becomes a link to outside between any check and the open.
    await rename(join(dir, 'multus.d'), join(root, 'moved'));
    await symlink(root, join(dir, 'multus.d'));
    for (const r of await both('multus.d/secret.conf')) expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/outside \/etc\/cni\/net\.d: not read$/) });
  });

  it('refuses a FIFO without blocking on it, and a directory', async () => {
    execFileSync('mkfifo', [join(dir, '20-fifo.conf')]);
    await mkdir(join(dir, '30-dir.conf'));
    for (const r of await both('20-fifo.conf')) expect(r).toMatchObject({ ok: false, error: 'a FIFO, not a regular file' });
    for (const r of await both('30-dir.conf')) expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^a directory|EISDIR/) });
  });

  it('scans a directory holding all of these, reporting each, never reading outside', async () => {
    await symlink(join(root, 'secret.conf'), join(dir, '05-link.conf'));
    execFileSync('mkfifo', [join(dir, '20-fifo.conf')]);
    const { files } = await scanConfDir(dir, '/etc/cni/net.d');
    expect(files.map((f) => [f.name, f.content ?? f.error])).toEqual([
      ['05-link.conf', expect.stringMatching(/outside \/etc\/cni\/net\.d: not followed$/)],
      ['10-ok.conf', '{"type":"bridge"}'],
      ['20-fifo.conf', 'a FIFO, not a regular file'],
    ]);
  });
});
