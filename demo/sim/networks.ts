/**
 * Secondary networks as Multus sets them up. A pod lists the networks it
 * wants in `k8s.v1.cni.cncf.io/networks`; when Multus performs its CNI ADD it
 * attaches them and records the result in `k8s.v1.cni.cncf.io/network-status`
 * (multus-cni pkg/k8sclient SetNetworkStatus; format: multi-net spec
 * §4.1.5.1). When the runtime used the primary CNI's config instead (no
 * Multus config on the node at that moment) nothing attaches them and nothing
 * writes a status: the pod runs on the primary network alone, and stays so
 * (CNI ADD runs once per sandbox). Real Multus writes a status for every pod
 * it sets up; the demo writes it only for pods that ask for networks, the
 * only ones whose status the dashboard reads.
 */
import { createHash } from 'node:crypto';
import type { ConfFile } from '../snapshots';
import type { PodObject } from '../types';
import { cniStateOf, configFiles } from './node-dir';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';

/** The network the primary CNI config on the demo's nodes is named. */
const PRIMARY_NETWORK = 'aws-cni';

function isMultusFirst(files: readonly ConfFile[]): boolean {
  const first = configFiles(files)[0];
  if (!first) return false;
  try {
    return (JSON.parse(first.content) as { type?: unknown }).type === 'multus';
  } catch {
    return false;
  }
}

const hex = (seed: string, n: number): string => createHash('sha256').update(seed).digest('hex').slice(0, n);

/** The status Multus writes for the pod on a node with these files, or undefined when Multus does not set it up. */
export function networkStatusFor(pod: Pick<PodObject, 'metadata'>, files: readonly ConfFile[], podIP: string): string | undefined {
  const requested = pod.metadata.annotations?.[NETWORKS_ANNOTATION];
  if (!requested || !isMultusFirst(files) || cniStateOf(files) !== 'healthy') return undefined;
  const ns = pod.metadata.namespace ?? 'default';
  const entries = requested.split(',').map((s) => s.trim()).filter(Boolean).map((ref, i) => {
    const [target, ifname] = ref.split('@');
    const name = target!.includes('/') ? target! : `${ns}/${target}`;
    const seed = `${pod.metadata.uid}:${name}`;
    const octet = 10 + (parseInt(hex(seed, 2), 16) % 200);
    return { name, interface: ifname ?? `net${i + 1}`, ips: [`192.168.50.${octet}`], mac: `0a:58:${hex(seed, 8).match(/../g)!.join(':')}`, dns: {} };
  });
  return JSON.stringify([{ name: PRIMARY_NETWORK, interface: 'eth0', ips: [podIP], default: true, dns: {} }, ...entries], null, 4);
}

/** Sets (or, without Multus, leaves unset) the pod's network-status, as Multus would at CNI ADD. */
export function attachNetworks(draft: PodObject, files: readonly ConfFile[], podIP: string): void {
  const status = networkStatusFor(draft, files, podIP);
  if (!status) return;
  draft.metadata.annotations = { ...draft.metadata.annotations, [NETWORK_STATUS_ANNOTATION]: status };
}
