/**
 * Paths the CNI configs depend on, and whether they exist: Multus's
 * kubeconfig (without it every pod's sandbox fails with "Unauthorized" or
 * "no such file") and its readiness indicator file. Only paths under a
 * directory the agent mounts can be checked; others are left out rather than
 * reported as missing, which would be a lie.
 */
import { lstat } from 'node:fs/promises';
import type { ScannedFile } from './scan';
import { toMountPath } from './scan';

/** Config keys whose string value is a file the plugin needs on the host. */
const PATH_KEYS = new Set(['kubeconfig', 'readinessindicatorfile']);
const MAX_DEPTH = 32;

/** Every distinct path named under a PATH_KEYS key, in any config that parses as JSON. */
export function referencedPaths(files: readonly ScannedFile[]): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (PATH_KEYS.has(k.toLowerCase()) && typeof x === 'string' && x.startsWith('/')) found.add(x);
      else walk(x, depth + 1);
    }
  };
  for (const f of files) {
    if (f.content === undefined || f.truncated) continue;
    try {
      walk(JSON.parse(f.content), 0);
    } catch {
      // Not JSON: the diagnosis reports the file itself; it names no path we can trust.
    }
  }
  return [...found].sort();
}

export async function probePaths(paths: readonly string[], mounts: readonly { host: string; mount: string }[]): Promise<{ path: string; exists: boolean }[]> {
  const out: { path: string; exists: boolean }[] = [];
  for (const path of paths) {
    const mounted = toMountPath(path, mounts);
    if (mounted === undefined) continue;
    // lstat: a dangling link exists as far as the directory goes, and following it could leave the mount.
    const exists = await lstat(mounted).then(() => true, () => false);
    out.push({ path, exists });
  }
  return out;
}
