/**
 * buildah as the image tests run it: as root, with the vfs storage driver
 * and chroot isolation (no Docker engine, no overlay or fuse needed), in a
 * storage of its own so nothing else on the machine sees these images.
 * https://github.com/containers/buildah/blob/main/docs/buildah.1.md
 */
import { execFileSync, spawnSync, type StdioOptions } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where bases, the Debian root filesystem and buildah's storage are kept between local runs. */
export const CACHE_DIR = process.env.CNI_HEALTH_IMAGE_CACHE || join(homedir(), '.cache', 'cni-health', 'images');

const GLOBAL = ['--storage-driver', 'vfs', '--root', join(CACHE_DIR, 'storage'), '--runroot', join(CACHE_DIR, 'run')];
export const BUILDAH_ENV = { ...process.env, BUILDAH_ISOLATION: 'chroot', STORAGE_DRIVER: 'vfs' };

/** A buildah command's standard output, trimmed; throws with its standard error on failure. */
export function buildah(args: readonly string[], opts: { stdio?: StdioOptions } = {}): string {
  const out = execFileSync('buildah', [...GLOBAL, ...args], { env: BUILDAH_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: opts.stdio ?? ['ignore', 'pipe', 'inherit'] });
  return (out ?? '').trim();
}

export function imageExists(name: string): boolean {
  return spawnSync('buildah', [...GLOBAL, 'inspect', '--type', 'image', name], { env: BUILDAH_ENV, stdio: 'ignore' }).status === 0;
}

/** The image's size: its layers, uncompressed, as its manifest lists them. */
export function imageSize(name: string): number {
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', name])) as { Manifest?: string };
  const manifest = JSON.parse(inspected.Manifest ?? '{}') as { layers?: Array<{ size?: number }> };
  return (manifest.layers ?? []).reduce((sum, l) => sum + (l.size ?? 0), 0);
}

export interface ImageConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  WorkingDir?: string;
  User?: string;
  Env?: string[];
}

/** The OCI config an engine starts the image with. */
export function imageConfig(name: string): ImageConfig {
  const inspected = JSON.parse(buildah(['inspect', '--type', 'image', name])) as { OCIv1?: { config?: ImageConfig } };
  return inspected.OCIv1?.config ?? {};
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
