/**
 * Paths the CNI configs depend on, and whether they exist: Multus's
 * kubeconfig (without it every pod's sandbox fails with "Unauthorized" or
 * "no such file") and its readiness indicator file. Only paths under a
 * directory the agent mounts can be checked; others are left out rather than
 * reported as missing, which would be a lie.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { KUBECONFIG_READ_MAX, kubeconfigTokenClaims, type TokenClaims } from '../lib/cni/token-claims';
import { readConfined } from './confined-read';
import type { ScannedFile } from './scan';
import { toMountPath } from './scan';

/** Config keys whose string value is a file the plugin needs on the host. */
const PATH_KEYS: ReadonlySet<string> = new Set(['kubeconfig', 'readinessindicatorfile']);
/** Keys naming a kubeconfig, whose token's claims (never the token) are published. */
export const KUBECONFIG_KEYS: ReadonlySet<string> = new Set(['kubeconfig']);
const MAX_DEPTH = 32;

/** Every distinct path named under one of `keys` (PATH_KEYS by default), in any config that parses as JSON. */
export function referencedPaths(files: readonly ScannedFile[], keys: ReadonlySet<string> = PATH_KEYS): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (keys.has(k.toLowerCase()) && typeof x === 'string' && x.startsWith('/')) found.add(x);
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

/**
 * The JWT claims of a kubeconfig at `mounted`, read through a checked
 * descriptor and bounded; the text is dropped here, only the claims return.
 */
async function tokenClaimsAt(mounted: string): Promise<TokenClaims | undefined> {
  try {
    const r = await readConfined(await realpath(dirname(mounted)), basename(mounted), KUBECONFIG_READ_MAX);
    if (!r.ok || r.size > KUBECONFIG_READ_MAX) return undefined;
    return kubeconfigTokenClaims(r.head.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function probePaths(paths: readonly string[], mounts: readonly { host: string; mount: string }[], kubeconfigs: ReadonlySet<string> = new Set()): Promise<{ path: string; exists: boolean; token?: TokenClaims }[]> {
  const out: { path: string; exists: boolean; token?: TokenClaims }[] = [];
  for (const path of paths) {
    const mounted = toMountPath(path, mounts);
    if (mounted === undefined) continue;
    // lstat: a dangling link exists as far as the directory goes, and following it could leave the mount.
    const exists = await lstat(mounted).then(() => true, () => false);
    const token = exists && kubeconfigs.has(path) ? await tokenClaimsAt(mounted) : undefined;
    out.push({ path, exists, ...(token ? { token } : {}) });
  }
  return out;
}
