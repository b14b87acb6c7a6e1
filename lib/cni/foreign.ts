/**
 * Configs that something other than the cluster's CNI drops into
 * /etc/cni/net.d: container engines' default bridges. Recognised by the
 * names their packages use, each from its source:
 * - podman (CNI backend): 87-podman-bridge.conflist / 87-podman.conflist, network "podman", bridge cni-podman0,
 *   10.88.0.0/16 (https://github.com/containers/podman/issues/4908)
 * - containerd's example config, shipped in cri-containerd-cni tarballs: 10-containerd-net.conflist,
 *   network "containerd-net", 10.88.0.0/16 (https://github.com/containerd/containerd/blob/main/script/setup/install-cni,
 *   https://github.com/containerd/containerd/issues/9171, https://github.com/flannel-io/flannel/issues/1437).
 *   Recognised by its network name only: GKE renders its real ptp config ("k8s-pod-network") under the
 *   same file name through containerd's conf_template (https://github.com/containerd/cri/pull/724).
 * - CRI-O's packaged defaults: 100-crio-bridge.conf(list), network "crio", 10.85.0.0/16; 200-loopback.conf(list)
 *   (https://github.com/cri-o/cri-o/tree/main/contrib/cni)
 * - nerdctl: nerdctl-bridge.conflist, network "bridge" with a "nerdctlID" (https://github.com/containerd/nerdctl/blob/main/docs/cni.md)
 * - the CNI README's example network "mynet" (10-mynet.conf(list)), often left from a manual test
 *   (https://github.com/containernetworking/cni#how-do-i-use-cni)
 */
import type { ConfigEntry } from './files';
import type { JsonObject } from './json';

export interface ForeignConfig {
  /** Who installs it. */
  owner: 'podman' | 'containerd' | 'cri-o' | 'nerdctl' | 'a manual CNI test';
  /** The subnet its pods get, when it has a well-known one. */
  subnet?: string;
  /** How to get rid of it for good. */
  removal: string;
}

const PODMAN: ForeignConfig = { owner: 'podman', subnet: '10.88.0.0/16', removal: 'remove it and stop the podman package from reinstalling it (podman 4+ with netavark does not need it: set network_backend = "netavark" in containers.conf)' };
const CONTAINERD: ForeignConfig = { owner: 'containerd', subnet: '10.88.0.0/16', removal: 'remove it; it comes from the cri-containerd-cni release tarball or an install script and is only an example' };
const CRIO: ForeignConfig = { owner: 'cri-o', subnet: '10.85.0.0/16', removal: 'remove it (CRI-O packages install it as a default for clusters without a CNI)' };
const NERDCTL: ForeignConfig = { owner: 'nerdctl', removal: 'remove it; nerdctl recreates it only when nerdctl run uses the default network' };
const MANUAL: ForeignConfig = { owner: 'a manual CNI test', removal: 'remove it' };

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function foreignConfigOf(fileName: string, json: JsonObject | undefined): ForeignConfig | undefined {
  const name = str(json?.name);
  if (/^87-podman(-bridge)?\.conflist$/.test(fileName) || name === 'podman') return PODMAN;
  if (name === 'containerd-net') return CONTAINERD;
  if (name === 'crio' || name === 'crio-bridge' || (/^200-loopback\.conf(list)?$/.test(fileName) && name === 'loopback')) return CRIO;
  if (/^nerdctl-/.test(fileName) || (json !== undefined && 'nerdctlID' in json)) return NERDCTL;
  if (name === 'mynet' && /^\d+-mynet\.conf(list)?$/.test(fileName)) return MANUAL;
  return undefined;
}

export function foreignEntry(e: ConfigEntry): ForeignConfig | undefined {
  return foreignConfigOf(e.name, e.json);
}

/** Backup names installers give a config they move aside (Cilium's cni.exclusive, hand edits). */
const BACKUP = /\.(cilium_bak|bak|old|orig|disabled)$/;

/** The subnets of container-engine default networks found in a directory, backups included: evidence of where stray pod addresses came from. */
export function foreignSubnets(files: ReadonlyArray<{ name: string; json?: JsonObject }>): Array<{ file: string; owner: ForeignConfig['owner']; cidr: string }> {
  const out: Array<{ file: string; owner: ForeignConfig['owner']; cidr: string }> = [];
  for (const f of files) {
    const f0 = foreignConfigOf(f.name.replace(BACKUP, ''), f.json);
    if (!f0 || !f.json) continue;
    const subnets = new Set<string>();
    const plugins = Array.isArray(f.json.plugins) ? f.json.plugins : [f.json];
    for (const p of plugins) {
      const ipam = typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as JsonObject).ipam : undefined;
      if (typeof ipam !== 'object' || ipam === null || Array.isArray(ipam)) continue;
      if (typeof ipam.subnet === 'string') subnets.add(ipam.subnet);
      if (Array.isArray(ipam.ranges)) {
        for (const set of ipam.ranges) for (const r of Array.isArray(set) ? set : []) {
          if (typeof r === 'object' && r !== null && !Array.isArray(r) && typeof r.subnet === 'string') subnets.add(r.subnet);
        }
      }
    }
    if (subnets.size === 0 && f0.subnet) subnets.add(f0.subnet);
    for (const cidr of subnets) out.push({ file: f.name, owner: f0.owner, cidr });
  }
  return out;
}
