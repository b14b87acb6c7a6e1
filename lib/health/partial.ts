/**
 * Partially attached pods: running, but without secondary networks they
 * asked for. Multus writes network-status during CNI ADD, before the
 * containers start; a running pod that asked for networks and has no such
 * entry was set up without Multus (its config was absent: node boot before
 * Multus, or the thick daemon's config removed on SIGTERM,
 * k8snetworkplumbingwg/multus-cni#1527, #1387) and stays that way until it
 * is recreated: CNI ADD runs once per sandbox. Pure: `now` is an argument.
 */
import { missingNetworks, type NetworkRef } from '@/lib/model/pod-networks';
import type { PodModel } from '@/lib/model/pod';

/** Younger pods may still be in the informer's way between start and annotation. */
export const PARTIAL_GRACE_MS = 60_000;

export interface PartialPod {
  pod: PodModel;
  missing: NetworkRef[];
  /** When the pod started (status.startTime, else its creation). */
  startedAt: string;
}

export function findPartialPods(pods: readonly PodModel[], now: number): PartialPod[] {
  const out: PartialPod[] = [];
  for (const pod of pods) {
    const n = pod.networks;
    if (!n || !pod.nodeName || pod.phase !== 'Running' || n.requested.length === 0) continue;
    const startedAt = n.startedAt ?? pod.createdAt;
    if (now - Date.parse(startedAt) < PARTIAL_GRACE_MS) continue;
    const missing = missingNetworks(n);
    if (missing.length > 0) out.push({ pod, missing, startedAt });
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.pod.name.localeCompare(b.pod.name));
}
