/**
 * Installs what the test suite drives from outside: Debian's Chromium for
 * Playwright (never a browser download), kubectl, the independent client
 * the demo cluster's protocol is tested with, and promtool (Debian's
 * prometheus package) for the shipped alerts. Needs root (CI runs as root);
 * otherwise says exactly what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing: string[] = [];
if (!existsSync(CHROMIUM)) missing.push('chromium');
// Debian's kubectl lives in the kubernetes-client package.
if (!onPath('kubectl')) missing.push('kubernetes-client');
// promtool, for `promtool test rules` on the shipped alerts (deploy/monitoring.test.ts).
if (!onPath('promtool')) missing.push('prometheus');
// `--images` (npm run test:images): buildah builds the images, debootstrap their bases.
if (process.argv.includes('--images')) {
  if (!onPath('buildah')) missing.push('buildah');
  if (!onPath('debootstrap')) missing.push('debootstrap');
}

if (missing.length === 0) {
  process.exit(0);
}
const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.error(`Tests need ${missing.join(' and ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.log(`Installing ${missing.join(', ')} from Debian…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
if (!existsSync(CHROMIUM)) {
  console.error(`chromium was installed but ${CHROMIUM} is missing`);
  process.exit(1);
}
