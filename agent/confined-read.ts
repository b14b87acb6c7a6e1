/**
 * Reads one entry of a directory without trusting the path between the check
 * and the open: a check-then-open (lstat, realpath, then open) races with
 * whoever can swap the entry for a symlink, a FIFO or a directory in between.
 * Instead the entry is opened first, without following a final symlink
 * (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK), and the opened
 * descriptor is checked: a regular file (fstat), and where the kernel says it
 * is (/proc/self/fd/N) inside the directory. Content is then read through
 * that descriptor only, up to the cap, hashing the whole file.
 * open(2): https://man7.org/linux/man-pages/man2/open.2.html (O_NOFOLLOW, O_NONBLOCK)
 * proc(5): https://man7.org/linux/man-pages/man5/proc.5.html (/proc/pid/fd)
 *
 * A symlink whose target lies inside the directory (ConfigMap-style
 * `..data` links) is followed: its resolved path is opened the same way and
 * the descriptor checked again, so a link swapped after the resolve is caught.
 * Used by the agent (async) and by `npm run analyze` (sync).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import { open, readlink, realpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';

export type ConfinedRead =
  | { ok: true; size: number; sha256: string; head: Buffer; mtime: Date }
  | { ok: false; error: string; size?: number; mtime?: Date };

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

const inside = (dir: string, path: string): boolean => {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

const code = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String((e as Error).message ?? e);

/** What the opened descriptor must be; the reason it is refused otherwise. */
function refusal(st: Stats, openedAt: string | undefined, realDir: string, shown: string): string | undefined {
  if (!st.isFile()) return st.isDirectory() ? 'a directory, not a regular file' : st.isFIFO() ? 'a FIFO, not a regular file' : 'not a regular file';
  // Where /proc is not mounted (not Linux) the descriptor's own path cannot be asked; O_NOFOLLOW still held.
  if (openedAt !== undefined && !inside(realDir, openedAt)) return `opened ${openedAt}, outside ${shown}: not read`;
  return undefined;
}

/** The path the kernel holds for descriptor `fd`, or undefined without /proc. */
const fdPathSync = (fd: number): string | undefined => {
  try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return undefined; }
};
const fdPath = async (fd: number): Promise<string | undefined> => readlink(`/proc/self/fd/${fd}`).catch(() => undefined);

/** Where a symlink entry may be opened: its resolved path, when that stays inside the directory. */
function linkTarget(realDir: string, resolved: string | Error, shownDir: string): { path: string } | { error: string } {
  if (resolved instanceof Error) return { error: `symlink: ${code(resolved)}` };
  return inside(realDir, resolved) ? { path: resolved } : { error: `symlink to ${resolved}, outside ${shownDir}: not followed` };
}

export async function readConfined(realDir: string, name: string, cap: number, shownDir = realDir): Promise<ConfinedRead> {
  let path = join(realDir, name);
  let fh;
  try {
    fh = await open(path, FLAGS);
  } catch (e) {
    if (code(e) !== 'ELOOP') return { ok: false, error: code(e) };
    const t = linkTarget(realDir, await realpath(path).catch((err: unknown) => err as Error), shownDir);
    if ('error' in t) return { ok: false, error: t.error };
    path = t.path;
    try { fh = await open(path, FLAGS); } catch (err) { return { ok: false, error: code(err) }; }
  }
  try {
    const st = await fh.stat();
    const why = refusal(st, await fdPath(fh.fd), realDir, shownDir);
    if (why) return { ok: false, error: why, size: st.size, mtime: st.mtime };
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
      if (kept < cap) {
        const take = buf.subarray(0, Math.min(bytesRead, cap - kept));
        chunks.push(Buffer.from(take));
        kept += take.length;
      }
    }
    return { ok: true, size, sha256: hash.digest('hex'), head: Buffer.concat(chunks), mtime: st.mtime };
  } catch (e) {
    return { ok: false, error: code(e) };
  } finally {
    await fh.close();
  }
}

/** The same, synchronously, reading at most `cap` bytes (no whole-file hash: `sha256` is of what was read). */
export function readConfinedSync(realDir: string, name: string, cap: number, shownDir = realDir): ConfinedRead & { truncated?: boolean } {
  let fd: number;
  try {
    fd = openSync(join(realDir, name), FLAGS);
  } catch (e) {
    if (code(e) !== 'ELOOP') return { ok: false, error: code(e) };
    let resolved: string | Error;
    try { resolved = realpathSync(join(realDir, name)); } catch (err) { resolved = err as Error; }
    const t = linkTarget(realDir, resolved, shownDir);
    if ('error' in t) return { ok: false, error: t.error };
    try { fd = openSync(t.path, FLAGS); } catch (err) { return { ok: false, error: code(err) }; }
  }
  try {
    const st = fstatSync(fd);
    const why = refusal(st, fdPathSync(fd), realDir, shownDir);
    if (why) return { ok: false, error: why, size: st.size, mtime: st.mtime };
    const buf = Buffer.alloc(Math.min(st.size, cap));
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, null);
      if (n === 0) break;
      read += n;
    }
    const head = buf.subarray(0, read);
    return { ok: true, size: st.size, sha256: createHash('sha256').update(head).digest('hex'), head, mtime: st.mtime, truncated: st.size > read };
  } catch (e) {
    return { ok: false, error: code(e) };
  } finally {
    closeSync(fd);
  }
}
