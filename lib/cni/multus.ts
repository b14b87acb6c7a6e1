/**
 * Multus-specific reading of CNI configs. Multus thin plugin writes
 * 00-multus.conf wrapping the first config it finds into `delegates`; when
 * that first config is its own earlier output, it wraps itself
 * ("self-nesting"), and every pod sandbox on the node then fails.
 * Configuration reference (thin and thick):
 * https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/configuration.md
 * https://github.com/k8snetworkplumbingwg/multus-cni/blob/master/docs/thick-plugin.md
 */
import { pluginTypes } from './files';
import { isJsonObject, type JsonObject, type JsonValue } from './json';

export function isMultusConfig(json: unknown): boolean {
  if (!isJsonObject(json)) return false;
  return pluginTypes(json).some((t) => t === 'multus' || t === 'multus-shim');
}

export interface MultusModel {
  /** thin: `multus` execs delegates itself; thick: `multus-shim` forwards to the multus daemon over a socket. */
  mode: 'thin' | 'thick';
  /** The plugin object carrying the Multus fields (the config itself, or a conflist's Multus plugin). */
  conf: JsonObject;
  /** JSON path of `conf`. */
  path: string;
  cniVersion?: string;
  delegates: JsonObject[];
  /** A network name, a NetworkAttachmentDefinition, or a path to a config file. */
  clusterNetwork?: string;
  defaultNetworks: string[];
  kubeconfig?: string;
  readinessIndicatorFile?: string;
  confDir?: string;
}

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads the Multus fields of a config, or undefined when it is not a Multus config. */
export function multusModel(json: JsonObject): MultusModel | undefined {
  let conf: JsonObject | undefined;
  let path = '$';
  if (Array.isArray(json.plugins)) {
    const i = json.plugins.findIndex((p) => isJsonObject(p) && (p.type === 'multus' || p.type === 'multus-shim'));
    const p = json.plugins[i];
    if (isJsonObject(p)) { conf = p; path = `$.plugins[${i}]`; }
  } else if (json.type === 'multus' || json.type === 'multus-shim') {
    conf = json;
  }
  if (!conf) return undefined;
  // Multus accepts both spellings of the readiness indicator key.
  const readiness = str(conf.readinessindicatorfile) ?? str(conf.readinessIndicatorFile);
  return {
    mode: conf.type === 'multus-shim' ? 'thick' : 'thin',
    conf,
    path,
    cniVersion: str(json.cniVersion) ?? str(conf.cniVersion),
    delegates: Array.isArray(conf.delegates) ? conf.delegates.filter(isJsonObject) : [],
    clusterNetwork: str(conf.clusterNetwork),
    defaultNetworks: Array.isArray(conf.defaultNetworks) ? conf.defaultNetworks.filter((d): d is string => typeof d === 'string') : [],
    kubeconfig: str(conf.kubeconfig),
    readinessIndicatorFile: readiness,
    confDir: str(conf.confDir),
  };
}

/**
 * The multus daemon's own config (thick plugin, `daemon-config.json`) is not
 * a CNI config; it is recognised so that a copy in a bundle is not flagged.
 */
export function isMultusDaemonConfig(json: JsonObject): boolean {
  return json.type === undefined && ['multusConfigFile', 'cniConfigDir', 'socketDir', 'multusAutoconfigDir'].some((k) => k in json);
}

/**
 * JSON paths of Multus configs found inside another Multus config's
 * delegates, at any depth. Iterative, with a depth bound, so a hostile
 * 100,000-level document cannot overflow the stack.
 */
export function nestedMultusPaths(root: Record<string, unknown>, maxDepth = 64): string[] {
  const found: string[] = [];
  const stack: Array<{ node: Record<string, unknown>; path: string; depth: number }> = [{ node: root, path: '$', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth >= maxDepth) continue;
    const containers: Array<{ list: unknown; path: string }> = [{ list: node.delegates, path: `${path}.delegates` }];
    if (Array.isArray(node.plugins)) {
      node.plugins.forEach((p, i) => containers.push({ list: isJsonObject(p) ? p.delegates : undefined, path: `${path}.plugins[${i}].delegates` }));
    }
    for (const { list, path: listPath } of containers) {
      if (!Array.isArray(list)) continue;
      list.forEach((d, i) => {
        if (!isJsonObject(d)) return;
        const childPath = `${listPath}[${i}]`;
        if (isMultusConfig(d)) found.push(childPath);
        stack.push({ node: d, path: childPath, depth: depth + 1 });
      });
    }
  }
  return found.sort();
}

/** Multus thick mounts the host root at /host (or chroots to /hostroot): map its paths back to host paths. */
export function hostPath(path: string): string {
  return path.replace(/^\/host(root)?(?=\/)/, '');
}
