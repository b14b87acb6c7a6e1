/**
 * Which files of a CNI config directory the container runtime reads, and
 * which one it uses. libcni's ConfFiles takes `.conf`, `.conflist` and
 * `.json`, sorted by name; containerd and CRI-O then use the first one that
 * loads. Everything else in the directory is ignored.
 * https://github.com/containernetworking/cni/blob/main/libcni/conf.go
 */
import type { SnapshotFile } from './snapshot';

export const CNI_CONFIG_EXTENSIONS = ['.conf', '.conflist', '.json'] as const;

export type ParsedConfig =
  | { file: string; ok: true; json: Record<string, unknown>; isList: boolean }
  | { file: string; ok: false; error: string };

export function isConfigFileName(name: string): boolean {
  return !name.includes('/') && CNI_CONFIG_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Config files in the order libcni considers them (Go's sort.Strings: byte order). */
export function configFiles(files: readonly SnapshotFile[]): SnapshotFile[] {
  return files.filter((f) => isConfigFileName(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function parseConfig(file: SnapshotFile): ParsedConfig {
  if (file.error !== undefined) return { file: file.name, ok: false, error: `unreadable: ${file.error}` };
  if (file.content === undefined) return { file: file.name, ok: false, error: 'content not collected' };
  let json: unknown;
  try {
    json = JSON.parse(file.content.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { file: file.name, ok: false, error: (e as Error).message };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { file: file.name, ok: false, error: 'not a JSON object' };
  }
  const obj = json as Record<string, unknown>;
  return { file: file.name, ok: true, json: obj, isList: file.name.endsWith('.conflist') || Array.isArray(obj.plugins) };
}

/** The config the runtime will load: the first one, in order, that parses. */
export function effectiveConfig(files: readonly SnapshotFile[]): ParsedConfig | undefined {
  for (const f of configFiles(files)) {
    const parsed = parseConfig(f);
    if (parsed.ok) return parsed;
  }
  return undefined;
}

/** The plugin `type`s of a config: its own, or each of a conflist's plugins. */
export function pluginTypes(json: Record<string, unknown>): string[] {
  if (Array.isArray(json.plugins)) {
    return json.plugins.flatMap((p) => (typeof p === 'object' && p && typeof (p as { type?: unknown }).type === 'string' ? [(p as { type: string }).type] : []));
  }
  return typeof json.type === 'string' ? [json.type] : [];
}
