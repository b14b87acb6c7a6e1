import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveInRoot } from './in-root';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function rootfs(): string {
  const root = mkdtempSync(join(tmpdir(), 'cni-health-rootfs-'));
  roots.push(root);
  mkdirSync(join(root, 'run'));
  mkdirSync(join(root, 'var'));
  symlinkSync('/run', join(root, 'var', 'run'));
  symlinkSync('../../etc', join(root, 'var', 'up'));
  return root;
}

describe('resolveInRoot', () => {
  it('follows an absolute link from the image\'s root, never the host\'s', () => {
    const root = rootfs();
    expect(resolveInRoot(root, '/var/run/secrets/kubernetes.io/serviceaccount/token')).toBe(join(root, 'run/secrets/kubernetes.io/serviceaccount/token'));
  });

  it('keeps .. and relative links inside the root', () => {
    const root = rootfs();
    expect(resolveInRoot(root, '/var/up/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveInRoot(root, '/../../../etc/shadow')).toBe(join(root, 'etc/shadow'));
  });
});
