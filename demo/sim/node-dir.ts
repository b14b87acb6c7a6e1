/**
 * The CNI config directory of one node, as libcni and Multus thin (v4.0.x,
 * `--multus-conf-file=auto`) see it. libcni loads the lexically first
 * *.conf/*.conflist/*.json file at the top level; Multus at start-up wraps
 * the first such file it finds, whatever it is, into 00-multus.conf: the
 * primary conflist gives a healthy config, its own stale 00-multus.conf a
 * config nested one level deeper. Pure functions over the file list.
 */
import { MULTUS_CONF, multusConfWrapping, multusDepth } from '../cni-configs';
import type { ConfFile } from '../snapshots';
import type { NodeCniState } from '../scenarios/types';

const isConfig = (name: string): boolean => !name.startsWith('.') && /\.(conf|conflist|json)$/.test(name);
const byName = (a: ConfFile, b: ConfFile): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function configFiles(files: readonly ConfFile[]): ConfFile[] {
  return files.filter((f) => isConfig(f.name)).sort(byName);
}

function isMultusConfig(f: ConfFile): boolean {
  try {
    return (JSON.parse(f.content) as { type?: unknown }).type === 'multus';
  } catch {
    return false;
  }
}

/** A config of the primary CNI (anything that is not a Multus config). */
export function primaryPresent(files: readonly ConfFile[]): boolean {
  return configFiles(files).some((f) => !isMultusConfig(f));
}

/** What sandbox creation on this node gets: the first config decides. */
export function cniStateOf(files: readonly ConfFile[]): NodeCniState {
  const first = configFiles(files)[0];
  if (!first) return 'missing-primary';
  if (!isMultusConfig(first)) return 'healthy';
  let depth = 1;
  try {
    depth = multusDepth(first.content);
  } catch {
    depth = 1;
  }
  if (depth > 1) return 'nested-delegates';
  return primaryPresent(files) ? 'healthy' : 'missing-primary';
}

/** Multus thin starting: the files after it wrote 00-multus.conf, or undefined while there is nothing to wrap. */
export function multusStart(files: readonly ConfFile[], at: number): ConfFile[] | undefined {
  const first = configFiles(files)[0];
  if (!first) return undefined;
  const conf = { name: MULTUS_CONF, content: multusConfWrapping(first.content), modifiedAt: at };
  return [...files.filter((f) => f.name !== MULTUS_CONF), conf];
}

export function withoutFile(files: readonly ConfFile[], name: string): ConfFile[] {
  return files.filter((f) => f.name !== name);
}

/** The file an initContainer waits for, from its command line (`until [ -f /host/etc/cni/net.d/10-aws.conflist ] ...`). */
export function awaitedConfig(text: string): string | undefined {
  const m = /net\.d\/([A-Za-z0-9._-]+\.(?:conflist|conf|json))/.exec(text);
  return m?.[1];
}
