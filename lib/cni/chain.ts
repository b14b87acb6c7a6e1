/**
 * What each plugin of a chain does. In a conflist the runtime runs the
 * plugins in order, each receiving the previous one's result (prevResult);
 * only an interface-creating ("main") plugin can start a chain. The others
 * only adjust what a main plugin made and fail, or do nothing, without one:
 * https://github.com/containernetworking/cni/blob/main/SPEC.md#section-3-execution-of-network-configurations
 *
 * Chained-only types, each as its project documents it:
 * - portmap, bandwidth, tuning, sbr, firewall, vrf: containernetworking/plugins "meta" plugins
 *   (https://www.cni.dev/plugins/current/meta/)
 * - istio-cni: https://istio.io/latest/docs/setup/additional-setup/cni/ ("chained CNI plugin")
 * - linkerd-cni: https://linkerd.io/2/features/cni/ (chained; its "interface" mode config alone fails
 *   pods with "cannot convert: no valid IP addresses", https://github.com/linkerd/linkerd2/issues/10738)
 * - kuma-cni, consul-cni: the Kuma and Consul meshes' chained plugins
 * - egress-cni / egress-v4-cni / egress-v6-cni: AWS VPC CNI's chained egress plugins
 * - cilium-cni after another plugin: Cilium in chaining mode
 *   (https://docs.cilium.io/en/stable/installation/cni-chaining/); first in a list it is Cilium's own main plugin.
 */
import { isJsonObject, type JsonObject } from './json';

const CHAINED_ONLY: ReadonlySet<string> = new Set([
  'portmap', 'bandwidth', 'tuning', 'sbr', 'firewall', 'vrf',
  'istio-cni', 'linkerd-cni', 'kuma-cni', 'consul-cni',
  'egress-cni', 'egress-v4-cni', 'egress-v6-cni',
]);

/** Plugins that belong to a service mesh: their installers append them to whatever conflist sorts first. */
export const MESH_PLUGINS: ReadonlySet<string> = new Set(['istio-cni', 'linkerd-cni', 'kuma-cni', 'consul-cni']);

export interface ChainPlugin {
  type: string;
  index: number;
  /** JSON path of the plugin object. */
  path: string;
}

/**
 * The plugins of a config in execution order: a conflist's list, or the single plugin of a .conf
 * (libcni reads a .conf as one plugin even when it carries a `plugins` key). `asList` defaults to
 * the document's shape, for configs that are not files (Multus delegates).
 */
export function chainOf(conf: JsonObject, base = '$', asList = Array.isArray(conf.plugins)): ChainPlugin[] {
  if (asList && Array.isArray(conf.plugins)) {
    return conf.plugins.flatMap((p, i) => (isJsonObject(p) && typeof p.type === 'string' ? [{ type: p.type, index: i, path: `${base}.plugins[${i}]` }] : []));
  }
  return typeof conf.type === 'string' ? [{ type: conf.type, index: 0, path: base }] : [];
}

export function isChainedOnly(p: ChainPlugin): boolean {
  return CHAINED_ONLY.has(p.type) || (p.type === 'cilium-cni' && p.index > 0);
}

/** A chain in which nothing creates the pod's interface: every plugin only modifies a previous result. */
export function lacksMainPlugin(chain: readonly ChainPlugin[]): boolean {
  return chain.length > 0 && chain.every(isChainedOnly);
}

/** Plugin types that appear more than once in a chain, with every occurrence. */
export function repeatedPlugins(chain: readonly ChainPlugin[]): Array<{ type: string; at: ChainPlugin[] }> {
  const byType = new Map<string, ChainPlugin[]>();
  for (const p of chain) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
  return [...byType.entries()].filter(([, at]) => at.length > 1).map(([type, at]) => ({ type, at }));
}
