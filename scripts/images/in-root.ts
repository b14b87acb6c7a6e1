/**
 * A path inside a container's root filesystem, as a process chrooted there
 * would resolve it: symbolic links are followed within the root, an
 * absolute target starting again at the root. Seen from the host, Debian's
 * `/var/run -> /run` would otherwise lead out of the image onto the host's
 * own /run.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';

export function resolveInRoot(root: string, path: string, maxLinks = 40): string {
  const pending = path.split('/').filter(Boolean);
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const here = join(root, ...done, part);
    let isLink = false;
    try {
      isLink = lstatSync(here).isSymbolicLink();
    } catch {
      // Not there yet: the rest is created inside the root.
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > maxLinks) throw new Error(`too many symbolic links resolving ${path} in ${root}`);
    const target = readlinkSync(here);
    if (posix.isAbsolute(target)) done.length = 0;
    pending.unshift(...target.split('/').filter(Boolean));
  }
  return join(root, ...done);
}
