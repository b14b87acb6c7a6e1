/**
 * Which CNI a config belongs to, from its plugin types. A conflist's family
 * is its first (main) plugin; the chained ones (portmap, bandwidth, tuning,
 * egress-cni, sbr...) only add to it. Types as the projects write them:
 * - AWS VPC CNI `aws-cni` (+ `egress-cni`/`egress-v4-cni`): https://github.com/aws/amazon-vpc-cni-k8s/blob/master/misc/10-aws.conflist
 * - Calico and Canal `calico` (Canal: Calico policy + flannel routing, `host-local` IPAM with `usePodCidr`): https://docs.tigera.io/calico/latest/reference/configure-cni-plugins
 * - Cilium `cilium-cni`: https://docs.cilium.io/en/stable/network/concepts/ipam/
 * - Flannel `flannel`: https://github.com/flannel-io/flannel/blob/master/Documentation/kube-flannel.yml
 * - OVN-Kubernetes `ovn-k8s-cni-overlay`: https://github.com/ovn-kubernetes/ovn-kubernetes
 * - Antrea `antrea`: https://github.com/antrea-io/antrea/blob/main/docs/configuration.md
 * - Weave `weave-net`: https://github.com/weaveworks/weave/blob/master/prog/weave-kube/launch.sh
 * - Azure CNI `azure-vnet`: https://github.com/Azure/azure-container-networking/blob/master/docs/cni.md
 * - Multus `multus` (thin) / `multus-shim` (thick): https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/configuration.md
 */
import { isJsonObject, type JsonObject } from './json';

export type CniFamily =
  | 'aws-vpc-cni' | 'calico' | 'canal' | 'cilium' | 'flannel' | 'ovn-kubernetes'
  | 'antrea' | 'weave' | 'kube-router' | 'azure-cni' | 'multus' | 'other';

const MAIN_TYPES: Record<string, CniFamily> = {
  'aws-cni': 'aws-vpc-cni',
  calico: 'calico',
  'cilium-cni': 'cilium',
  flannel: 'flannel',
  'ovn-k8s-cni-overlay': 'ovn-kubernetes',
  antrea: 'antrea',
  'weave-net': 'weave',
  'azure-vnet': 'azure-cni',
  multus: 'multus',
  'multus-shim': 'multus',
};

/** Families a Kubernetes cluster runs as its pod network (not generic plugins like bridge or ptp). */
export const PRIMARY_FAMILIES: ReadonlySet<CniFamily> = new Set(['aws-vpc-cni', 'calico', 'canal', 'cilium', 'flannel', 'ovn-kubernetes', 'antrea', 'weave', 'kube-router', 'azure-cni']);

export const MULTUS_TYPES: ReadonlySet<string> = new Set(['multus', 'multus-shim']);

/** Plugin objects of a config: a conflist's `plugins`, else the config itself. */
export function pluginsOf(conf: JsonObject): JsonObject[] {
  if (Array.isArray(conf.plugins)) return conf.plugins.filter(isJsonObject);
  return [conf];
}

export function familyOf(conf: JsonObject): CniFamily {
  const plugins = pluginsOf(conf);
  const main = plugins[0];
  if (!main || typeof main.type !== 'string') return 'other';
  const family = MAIN_TYPES[main.type];
  if (family === 'calico') {
    // Canal's conflist is calico with host-local IPAM on the node's pod CIDR (flannel routes it).
    const ipam = isJsonObject(main.ipam) ? main.ipam : undefined;
    return ipam?.type === 'host-local' && ipam.subnet === 'usePodCidr' ? 'canal' : 'calico';
  }
  if (family) return family;
  // kube-router writes a bridge conflist named "kubernetes" (10-kuberouter.conflist).
  if (main.type === 'bridge' && /kube-?router|kubernetes/.test(String(conf.name ?? ''))) return 'kube-router';
  return 'other';
}

/** Every plugin binary a config will exec: plugin types and IPAM types, at any depth of Multus delegates. */
export function requiredBinaries(conf: JsonObject, maxDepth = 16): Array<{ type: string; path: string }> {
  const out: Array<{ type: string; path: string }> = [];
  const walk = (c: JsonObject, path: string, depth: number): void => {
    if (depth > maxDepth) return;
    const list = Array.isArray(c.plugins);
    pluginsOf(c).forEach((p, i) => {
      const pPath = list ? `${path}.plugins[${i}]` : path;
      if (typeof p.type === 'string' && p.type !== '') out.push({ type: p.type, path: `${pPath}.type` });
      if (isJsonObject(p.ipam) && typeof p.ipam.type === 'string' && p.ipam.type !== '') out.push({ type: p.ipam.type, path: `${pPath}.ipam.type` });
      if (typeof p.type === 'string' && MULTUS_TYPES.has(p.type) && Array.isArray(p.delegates)) {
        p.delegates.forEach((d, j) => { if (isJsonObject(d)) walk(d, `${pPath}.delegates[${j}]`, depth + 1); });
      }
    });
  };
  walk(conf, '$', 0);
  return out;
}
