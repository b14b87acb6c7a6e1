/** host-local's data directory as in cloudnativelabs/kube-router#383 (/var/lib/cni/networks/kubernetes full of stale files). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HOST_LOCAL_NETWORKS, scanHostLocal } from './ipam-scan';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'host-local-'));
  const k = join(dir, 'kubernetes');
  await mkdir(k);
  for (let i = 1; i <= 254; i++) await writeFile(join(k, `172.22.5.${i}`), `c0ffee${i}\neth0`);
  await writeFile(join(k, 'last_reserved_ip.0'), '172.22.5.254');
  await writeFile(join(k, 'lock'), '');
  await mkdir(join(dir, 'cbr0'));
  await writeFile(join(dir, 'cbr0', '10.42.0.7'), 'abc\neth0');
  await writeFile(join(dir, 'cbr0', 'fd00:10:42::7'), 'abc\neth0');
  await symlink('/etc', join(dir, 'not-a-network'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scanHostLocal', () => {
  it('counts reservation files per network by address family, and nothing else', async () => {
    expect(await scanHostLocal(dir)).toEqual([{ name: 'cbr0', v4: 1, v6: 1 }, { name: 'kubernetes', v4: 254, v6: 0 }]);
  });

  it('says none for a node where host-local never ran, and unknown when the directory cannot be read', async () => {
    expect(await scanHostLocal(join(dir, 'missing'))).toEqual([]);
    expect(await scanHostLocal(join(dir, 'kubernetes', 'lock'))).toBeUndefined();
  });

  it('lists a bounded number of networks', async () => {
    const many = await mkdtemp(join(tmpdir(), 'host-local-many-'));
    for (let i = 0; i < MAX_HOST_LOCAL_NETWORKS + 5; i++) await mkdir(join(many, `net-${String(i).padStart(2, '0')}`));
    expect(await scanHostLocal(many)).toHaveLength(MAX_HOST_LOCAL_NETWORKS);
    await rm(many, { recursive: true, force: true });
  });
});
