/**
 * host-local IPAM's reservations on the node: one file per allocated
 * address, named by the address, in <dataDir>/<network>/ (default
 * /var/lib/cni/networks; containernetworking/plugins
 * plugins/ipam/host-local/backend/disk/backend.go). Files of pods that died
 * without a CNI DEL stay and fill the range (containernetworking/plugins#498,
 * cloudnativelabs/kube-router#383). Only names are counted: the files hold
 * container ids, which are not published. Bounded in networks listed.
 */
import { isIP } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_HOST_LOCAL_NETWORKS = 32;

export interface HostLocalNetwork {
  name: string;
  /** Reservation files of IPv4 and IPv6 addresses. */
  v4: number;
  v6: number;
}

/** The networks under `dir` and their reservation counts; undefined when the directory cannot be read (not the same as none). */
export async function scanHostLocal(dir: string): Promise<HostLocalNetwork[] | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    // No host-local network on this node has ever allocated: nothing to count.
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
  const networks = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort().slice(0, MAX_HOST_LOCAL_NETWORKS);
  const out: HostLocalNetwork[] = [];
  for (const name of networks) {
    let names: string[];
    try {
      names = await readdir(join(dir, name));
    } catch {
      continue;
    }
    let v4 = 0;
    let v6 = 0;
    for (const n of names) {
      const kind = isIP(n);
      if (kind === 4) v4++;
      else if (kind === 6) v6++;
    }
    out.push({ name, v4, v6 });
  }
  return out;
}
