/**
 * Which files of a CNI config directory the container runtime reads, and
 * which one it uses. libcni's ConfFiles takes `.conf`, `.conflist` and
 * `.json`, sorted by name (Go's sort.Strings: byte order); everything else in
 * the directory (backups, `*.cilium_bak`, kubeconfigs, sub-directories) is
 * ignored. A `.conflist` is loaded with ConfListFromFile (needs `name` and a
 * non-empty `plugins`, each with a `type`); `.conf`/`.json` with ConfFromFile
 * (needs `type`, so a conflist saved as `.conf` is rejected).
 * https://github.com/containernetworking/cni/blob/main/libcni/conf.go
 *
 * The runtimes then differ on a file that does not load: containerd's go-cni
 * fails the whole network setup on the first such file before a good one
 * (node stays NetworkPluginNotReady), CRI-O's ocicni skips it with a warning.
 * Both use only the first file that loads (containerd: max_conf_num = 1).
 * https://github.com/containerd/go-cni/blob/main/opts.go (loadFromConfDir)
 * https://github.com/cri-o/ocicni/blob/main/pkg/ocicni/ocicni.go (loadNetworks)
 */
import { isJsonObject, parseJson, type JsonIssue, type JsonObject } from './json';
import { FILE_READ_MAX_BYTES } from './limits';
import type { SnapshotFile } from './snapshot';

export const CNI_CONFIG_EXTENSIONS = ['.conf', '.conflist', '.json'] as const;

export type LoadFailure =
  | 'invalid-json' | 'too-deep' | 'too-large' | 'truncated' | 'unreadable'
  | 'not-object' | 'no-type' | 'no-plugins' | 'invalid-field';

export interface ConfigEntry {
  file: SnapshotFile;
  name: string;
  isList: boolean;
  /** The parsed document when it is a JSON object (even if libcni would reject it). */
  json?: JsonObject;
  /** Duplicate keys, lossy numbers. */
  issues: JsonIssue[];
  load: { ok: true } | { ok: false; reason: LoadFailure; message: string; line?: number; column?: number };
}

export interface ConfigDir {
  /** Config files in libcni order. */
  entries: ConfigEntry[];
  /** The config the runtime uses: the first that loads. */
  effective?: ConfigEntry;
  /** Index of `effective` in `entries`, or entries.length when none loads. */
  effectiveIndex: number;
}

export type ParsedConfig =
  | { file: string; ok: true; json: Record<string, unknown>; isList: boolean }
  | { file: string; ok: false; error: string };

export function isConfigFileName(name: string): boolean {
  return !name.includes('/') && CNI_CONFIG_EXTENSIONS.some((ext) => name.endsWith(ext));
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Config files in the order libcni considers them. */
export function configFiles(files: readonly SnapshotFile[]): SnapshotFile[] {
  return files.filter((f) => isConfigFileName(f.name)).sort((a, b) => byteOrder(a.name, b.name));
}

const fail = (reason: LoadFailure, message: string, pos?: { line: number; column: number }): ConfigEntry['load'] => ({ ok: false, reason, message, ...pos });

/** libcni decodes into typed Go structs: a field of the wrong JSON type fails the whole file. */
function checkNetConf(conf: JsonObject, where: string): ConfigEntry['load'] {
  if (typeof conf.type !== 'string' || conf.type === '') return fail('no-type', `${where}missing 'type'`);
  for (const field of ['name', 'cniVersion'] as const) {
    if (conf[field] !== undefined && typeof conf[field] !== 'string') return fail('invalid-field', `${where}'${field}' must be a string`);
  }
  if (conf.ipam !== undefined && (!isJsonObject(conf.ipam) || (conf.ipam.type !== undefined && typeof conf.ipam.type !== 'string'))) {
    return fail('invalid-field', `${where}'ipam' must be an object with a string 'type'`);
  }
  const caps = conf.capabilities;
  if (caps !== undefined && (!isJsonObject(caps) || Object.values(caps).some((v) => typeof v !== 'boolean'))) {
    return fail('invalid-field', `${where}'capabilities' must map names to true/false`);
  }
  return { ok: true };
}

function checkLoadable(json: JsonObject, isList: boolean): ConfigEntry['load'] {
  if (!isList) return checkNetConf(json, '');
  if (typeof json.name !== 'string') return fail('invalid-field', json.name === undefined ? "conflist has no 'name'" : "'name' must be a string");
  if (json.cniVersion !== undefined && typeof json.cniVersion !== 'string') return fail('invalid-field', "'cniVersion' must be a string");
  if (json.plugins === undefined) return fail('no-plugins', "conflist has no 'plugins' key");
  if (!Array.isArray(json.plugins)) return fail('invalid-field', "'plugins' must be a list");
  if (json.plugins.length === 0) return fail('no-plugins', 'conflist has no plugins in its list');
  for (const [i, p] of json.plugins.entries()) {
    if (!isJsonObject(p)) return fail('invalid-field', `plugin ${i} is not an object`);
    const res = checkNetConf(p, `plugin ${i} (${typeof p.type === 'string' ? p.type : 'no type'}): `);
    if (!res.ok) return res;
  }
  return { ok: true };
}

/** Reads one config file; never throws, whatever its bytes. */
export function readConfigEntry(file: SnapshotFile): ConfigEntry {
  const isList = file.name.endsWith('.conflist');
  const base = { file, name: file.name, isList, issues: [] as JsonIssue[] };
  if (file.error !== undefined) return { ...base, load: fail('unreadable', `unreadable: ${file.error}`) };
  if (file.withheld !== undefined) return { ...base, load: fail('too-large', `content is ${file.withheld} bytes, over the dashboard's ${FILE_READ_MAX_BYTES}-byte read limit: not analysed`) };
  if (file.content === undefined) return { ...base, load: fail('unreadable', 'content not collected') };
  const parsed = parseJson(file.content);
  if (!parsed.ok) {
    if (file.truncated) return { ...base, load: fail('truncated', `content cut at ${file.content.length} of ${file.size} bytes; the rest was not collected`) };
    const reason: LoadFailure = parsed.kind === 'too-deep' ? 'too-deep' : parsed.kind === 'too-large' ? 'too-large' : 'invalid-json';
    return { ...base, load: fail(reason, parsed.message, parsed) };
  }
  if (file.truncated) return { ...base, load: fail('truncated', `content cut at ${file.content.length} of ${file.size} bytes`) };
  if (parsed.bom) {
    // Go's encoding/json: "invalid character 'ï' looking for beginning of value".
    return { ...base, json: isJsonObject(parsed.value) ? parsed.value : undefined, issues: parsed.issues, load: fail('invalid-json', "starts with a UTF-8 byte-order mark, which Go's JSON decoder (libcni) rejects", { line: 1, column: 1 }) };
  }
  if (!isJsonObject(parsed.value)) return { ...base, issues: parsed.issues, load: fail('not-object', 'the document is not a JSON object') };
  return { ...base, json: parsed.value, issues: parsed.issues, load: checkLoadable(parsed.value, isList) };
}

export function loadConfigDir(files: readonly SnapshotFile[]): ConfigDir {
  const entries = configFiles(files).map(readConfigEntry);
  const effectiveIndex = entries.findIndex((e) => e.load.ok);
  return {
    entries,
    effective: effectiveIndex >= 0 ? entries[effectiveIndex] : undefined,
    effectiveIndex: effectiveIndex >= 0 ? effectiveIndex : entries.length,
  };
}

export function parseConfig(file: SnapshotFile): ParsedConfig {
  const entry = readConfigEntry(file);
  if (!entry.load.ok || !entry.json) return { file: file.name, ok: false, error: entry.load.ok ? 'not a JSON object' : entry.load.message };
  return { file: file.name, ok: true, json: entry.json, isList: entry.isList };
}

/** The config the runtime will load: the first one, in order, that libcni accepts. */
export function effectiveConfig(files: readonly SnapshotFile[]): ParsedConfig | undefined {
  const { effective } = loadConfigDir(files);
  return effective?.json ? { file: effective.name, ok: true, json: effective.json, isList: effective.isList } : undefined;
}

/** The plugin `type`s of a config: its own, or each of a conflist's plugins. */
export function pluginTypes(json: Record<string, unknown>): string[] {
  if (Array.isArray(json.plugins)) {
    return json.plugins.flatMap((p) => (isJsonObject(p) && typeof p.type === 'string' ? [p.type] : []));
  }
  return typeof json.type === 'string' ? [json.type] : [];
}
