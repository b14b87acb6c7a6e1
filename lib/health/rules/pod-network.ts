/**
 * Pods whose address is not on the pod network: the visible symptom of a
 * foreign config that won for a while (issue 15, class 2). Two checks, each
 * only where it cannot misfire on a healthy layout:
 * - outside the node's spec.podCIDRs, when the node's CNI allocates from
 *   them (flannel, Canal, kube-router, host-local with usePodCidr); Calico
 *   IPAM, Cilium cluster-pool, AWS VPC CNI and Azure CNI hand out addresses
 *   from their own pools, so podCIDR says nothing there;
 * - inside the subnet of a container engine's default network whose config
 *   is (or was, as a backup) in the directory, and not inside the node's
 *   podCIDRs: https://github.com/containerd/containerd/issues/9171,
 *   https://github.com/projectcalico/calico/issues/8869.
 * hostNetwork pods carry the node's own address and are never judged.
 */
import { cidrContains, parseCidr, type Cidr } from '@/lib/cni/cidr';
import { familyOf } from '@/lib/cni/families';
import { isConfigFileName } from '@/lib/cni/files';
import { foreignSubnets } from '@/lib/cni/foreign';
import { isJsonObject, parseJson, type JsonObject } from '@/lib/cni/json';
import { multusModel } from '@/lib/cni/multus';
import { podKey } from '@/lib/model/pod';
import { finding, plural, type Rule } from './types';
import type { Evidence } from '../types';

const FROM_POD_CIDR = new Set(['flannel', 'canal', 'kube-router']);

function usesNodePodCidr(conf: JsonObject): boolean {
  const multus = multusModel(conf);
  const primary = multus?.delegates[0] ?? conf;
  if (FROM_POD_CIDR.has(familyOf(primary))) return true;
  const plugins = Array.isArray(primary.plugins) ? primary.plugins : [primary];
  return plugins.some((p) => isJsonObject(p) && isJsonObject(p.ipam) && p.ipam.type === 'host-local' && p.ipam.subnet === 'usePodCidr');
}

const MAX_FILE_CHARS = 64 * 1024;

export const podNetworkRule: Rule = ({ node, pods, snapshot, config }) => {
  const eff = config?.effective?.json;
  if (!pods || pods.length === 0 || !eff) return [];
  const podCidrs = (node.podCIDRs ?? []).map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const inPodCidr = (ip: string): boolean => podCidrs.some((c) => cidrContains(c, ip));
  const checkPodCidr = podCidrs.length > 0 && usesNodePodCidr(eff);
  const candidates = pods.filter((p) => p.phase === 'Running' && !p.hostNetwork && p.podIP && !inPodCidr(p.podIP));
  if (candidates.length === 0) return [];
  // Config files are parsed already; only backups (not configs, so not in `config`) are read here.
  const backups = (snapshot?.snapshot?.files ?? []).filter((f) => !isConfigFileName(f.name) && /\.(conf|conflist|json)\./.test(f.name) && f.content !== undefined && f.content.length <= MAX_FILE_CHARS).map((f) => {
    const parsed = parseJson(f.content!);
    return { name: f.name, json: parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined };
  });
  const files = [...config!.entries.map((e) => ({ name: e.name, json: e.json })), ...backups];
  const foreign = foreignSubnets(files).flatMap((s) => {
    const c = parseCidr(s.cidr);
    return c ? [{ ...s, c }] : [];
  });
  const evidence: Evidence[] = [];
  let count = 0;
  for (const p of candidates) {
    const stray = foreign.find((s) => cidrContains(s.c, p.podIP!));
    if (!stray && !checkPodCidr) continue;
    count++;
    if (evidence.length < 5) {
      evidence.push({
        pod: podKey(p),
        message: stray
          ? `${p.podIP} is in ${stray.owner}'s ${stray.cidr} (${stray.file})`
          : `${p.podIP} is outside the node's podCIDR ${node.podCIDRs!.join(', ')}`,
        ...(stray ? { file: stray.file } : {}),
      });
    }
  }
  if (count === 0) return [];
  return [finding({
    ruleId: 'pod-ip-outside-pod-network',
    severity: 'warning',
    title: `${plural(count, 'pod')} on this node ${count === 1 ? 'has an address' : 'have addresses'} outside the pod network`,
    explanation: 'These pods got their address from another network than the cluster\'s: a container engine\'s default bridge (podman, containerd\'s example config) or a leftover config was used when they were created, typically before the cluster CNI had written its config. Other nodes cannot reach them, Services to them fail, and their IPs can collide across nodes. '
      + 'Fix the directory first (see the config findings; a foreign config must not sort first), then delete these pods so their controllers recreate them on the pod network.',
    evidence,
    remediations: [],
  })];
};
