/**
 * Reads the node's CNI directories as mounted in the container: every
 * top-level entry of the config directory that is not a directory (the
 * runtime ignores sub-directories; what matters in them goes in probes), and
 * the names in the binary directory. Never follows a symlink out of the
 * config directory: the mount shows only that directory, so a link out of it
 * would read the container's own filesystem, not the host's. Each entry is
 * opened first and its descriptor checked after (./confined-read.ts), so an
 * entry swapped for a link, a FIFO or a directory meanwhile is refused.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { SNAPSHOT_FILE_CAP } from '../lib/cni/snapshot';
import { redactCredentials } from '../lib/cni/token-claims';
import { readConfined } from './confined-read';

export interface ScannedFile {
  name: string;
  size: number;
  sha256?: string;
  modifiedAt?: string;
  /** UTF-8 content, cut at SNAPSHOT_FILE_CAP bytes. */
  content?: string;
  truncated: boolean;
  error?: string;
  /** Credentials in `content` were replaced (lib/cni/token-claims.ts redactCredentials). */
  redacted?: boolean;
}

export interface DirScan {
  files: ScannedFile[];
  /** Undefined when the directory could not be listed (not the same as empty). */
  binaries?: string[];
  /** Set when the config directory itself could not be read. */
  confError?: string;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const errText = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^[A-Z]+: /, '').split(',')[0]}` : String(err.message ?? e);
};

/** Hashes the whole file at `path` and keeps its first `cap` bytes, through a descriptor checked after the open (./confined-read.ts). */
export async function readCapped(path: string, cap: number = SNAPSHOT_FILE_CAP): Promise<{ size: number; sha256: string; head: Buffer }> {
  const r = await readConfined(await realpath(dirname(path)), basename(path), cap);
  if (!r.ok) throw Object.assign(new Error(r.error), { code: r.error.split(':')[0] });
  return r;
}

/**
 * Tokens and keys never leave the node: a kubeconfig in the config
 * directory (Calico's calico-kubeconfig) or a config carrying a token is
 * published with its credentials replaced (docs/snapshot-format.md).
 */
function fileFrom(name: string, read: { size: number; sha256: string; head: Buffer; mtime: Date }): ScannedFile {
  const truncated = read.size > read.head.length;
  const { text, redacted } = redactCredentials(new TextDecoder('utf-8').decode(read.head));
  return { name, size: read.size, sha256: read.sha256, modifiedAt: read.mtime.toISOString(), content: text, truncated, ...(redacted ? { redacted } : {}) };
}

async function scanEntry(realDir: string, hostDir: string, name: string): Promise<ScannedFile | undefined> {
  let st;
  try {
    st = await lstat(join(realDir, name));
  } catch (e) {
    // Removed between readdir and lstat: the next scan sees the directory as it is.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { name, size: 0, truncated: false, error: errText(e) };
  }
  // Sub-directories are not configs (the runtime ignores them). Whatever the entry is by the
  // time it is opened, the descriptor is what gets checked and read.
  if (st.isDirectory()) return undefined;
  const r = await readConfined(realDir, name, SNAPSHOT_FILE_CAP, hostDir);
  if (r.ok) return fileFrom(name, r);
  if (r.error === 'ENOENT') return undefined;
  return { name, size: r.size ?? st.size, ...(r.mtime ? { modifiedAt: r.mtime.toISOString() } : {}), truncated: false, error: r.error };
}

export async function scanConfDir(dir: string, hostDir: string): Promise<{ files: ScannedFile[]; error?: string }> {
  let names: string[];
  let realDir: string;
  try {
    realDir = await realpath(dir);
    names = await readdir(dir);
  } catch (e) {
    // A node whose CNI never created the directory has no configs: exactly what the runtime sees.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { files: [] };
    return { files: [], error: errText(e) };
  }
  const files: ScannedFile[] = [];
  for (const name of names.sort(byteOrder)) {
    const f = await scanEntry(realDir, hostDir, name);
    if (f) files.push(f);
  }
  return { files };
}

export async function listBinaries(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort(byteOrder);
  } catch {
    return undefined;
  }
}

/** Maps a host path a config names to where the container sees it, if it lies under a mounted directory. */
export function toMountPath(hostPath: string, mounts: readonly { host: string; mount: string }[]): string | undefined {
  if (!posix.isAbsolute(hostPath)) return undefined;
  const normal = posix.normalize(hostPath);
  for (const m of mounts) {
    const host = m.host.replace(/\/+$/, '');
    if (normal === host) return m.mount;
    if (normal.startsWith(`${host}/`)) return join(m.mount, normal.slice(host.length + 1));
  }
  return undefined;
}
