/**
 * Whether the production build in `.next` still matches the sources: after a
 * `git pull` the quick start must serve what was pulled, not what was built
 * before it. Git writes the files it changes, so their modification times move
 * past the build's; a file newer than `.next/BUILD_ID` means a rebuild.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `next build` compiles into the app (server/ and demo/ run from source under tsx). */
const SOURCES = ['app', 'components', 'lib', 'instrumentation.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

export type BuildState = { state: 'none' } | { state: 'fresh' } | { state: 'stale'; newer: string };

function newerThan(path: string, builtAt: number): string | undefined {
  if (!existsSync(path)) return undefined;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs > builtAt ? path : undefined;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const found = newerThan(join(path, entry.name), builtAt);
    if (found) return found;
  }
  return undefined;
}

export function buildState(root: string): BuildState {
  const id = join(root, '.next', 'BUILD_ID');
  if (!existsSync(id)) return { state: 'none' };
  const builtAt = statSync(id).mtimeMs;
  for (const source of SOURCES) {
    const newer = newerThan(join(root, source), builtAt);
    if (newer) return { state: 'stale', newer: newer.slice(root.length).replace(/^\//, '') };
  }
  return { state: 'fresh' };
}
