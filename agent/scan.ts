/**
 * Reads the node's CNI directories as mounted in the container: every
 * top-level entry of the config directory that is not a directory (the
 * runtime ignores sub-directories; what matters in them goes in probes), and
 * the names in the binary directory. Never follows a symlink out of the
 * config directory: the mount shows only that directory, so a link out of it
 * would read the container's own filesystem, not the host's.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath } from 'node:fs/promises';
import { join, posix, relative, isAbsolute } from 'node:path';
import { SNAPSHOT_FILE_CAP } from '../lib/cni/snapshot';

export interface ScannedFile {
  name: string;
  size: number;
  sha256?: string;
  modifiedAt?: string;
  /** UTF-8 content, cut at SNAPSHOT_FILE_CAP bytes. */
  content?: string;
  truncated: boolean;
  error?: string;
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

/** Hashes the whole file and keeps its first `cap` bytes; O_NOFOLLOW so a file swapped for a link is refused. */
export async function readCapped(path: string, cap: number = SNAPSHOT_FILE_CAP): Promise<{ size: number; sha256: string; head: Buffer }> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      size += bytesRead;
      if (kept < cap) {
        const take = chunk.subarray(0, Math.min(bytesRead, cap - kept));
        chunks.push(Buffer.from(take));
        kept += take.length;
      }
    }
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(chunks) };
  } finally {
    await fh.close();
  }
}

function fileFrom(name: string, read: { size: number; sha256: string; head: Buffer }, mtime: Date): ScannedFile {
  const truncated = read.size > read.head.length;
  return { name, size: read.size, sha256: read.sha256, modifiedAt: mtime.toISOString(), content: new TextDecoder('utf-8').decode(read.head), truncated };
}

async function scanEntry(dir: string, realDir: string, hostDir: string, name: string): Promise<ScannedFile | undefined> {
  const path = join(dir, name);
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    // Removed between readdir and lstat: the next scan sees the directory as it is.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { name, size: 0, truncated: false, error: errText(e) };
  }
  if (st.isDirectory()) return undefined;
  if (st.isSymbolicLink()) {
    const target = await readlink(path).catch(() => '?');
    let resolved: string;
    try {
      resolved = await realpath(path);
    } catch (e) {
      return { name, size: st.size, modifiedAt: st.mtime.toISOString(), truncated: false, error: `symlink to ${target}: ${errText(e)}` };
    }
    const rel = relative(realDir, resolved);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      return { name, size: st.size, modifiedAt: st.mtime.toISOString(), truncated: false, error: `symlink to ${target}, outside ${hostDir}: not followed` };
    }
    try {
      const target = await lstat(resolved);
      if (!target.isFile()) return { name, size: target.size, truncated: false, error: `symlink to ${rel}, not a regular file` };
      return fileFrom(name, await readCapped(resolved), target.mtime);
    } catch (e) {
      return { name, size: st.size, truncated: false, error: errText(e) };
    }
  }
  if (!st.isFile()) return { name, size: st.size, modifiedAt: st.mtime.toISOString(), truncated: false, error: 'not a regular file' };
  try {
    return fileFrom(name, await readCapped(path), st.mtime);
  } catch (e) {
    return { name, size: st.size, modifiedAt: st.mtime.toISOString(), truncated: false, error: errText(e) };
  }
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
    const f = await scanEntry(dir, realDir, hostDir, name);
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
