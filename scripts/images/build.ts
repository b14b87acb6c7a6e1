/**
 * Builds an image from one of the repository's Dockerfiles with buildah,
 * exactly as written (its own npm ci, next build and esbuild steps), the
 * bases passed as the Dockerfile's BUILD_IMAGE and RUNTIME_IMAGE arguments.
 * No intermediate layers (`--layers=false`): the vfs driver stores every
 * layer as a full copy of the tree, so committing one per step (with
 * node_modules in it) cost more than all the steps themselves. Only the
 * bases are cached between local runs (scripts/images/bases.ts); CI starts
 * from nothing.
 */
import { buildah, imageSize } from './buildah';

export interface Built { image: string; seconds: number; bytes: number }

export function buildImage(opts: { context: string; dockerfile: string; image: string; buildImage: string; runtimeImage: string }): Built {
  const started = Date.now();
  buildah([
    'bud', '--isolation', 'chroot', '--layers=false', '--pull=never', '--quiet',
    '-f', opts.dockerfile,
    '--build-arg', `BUILD_IMAGE=${opts.buildImage}`,
    '--build-arg', `RUNTIME_IMAGE=${opts.runtimeImage}`,
    '-t', opts.image, opts.context,
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { image: opts.image, seconds: (Date.now() - started) / 1000, bytes: imageSize(opts.image) };
}
