/**
 * The public-report corpus: node directories (`corpus/nodes/<id>/`, the
 * offline bundle format of docs/analyze.md) and one manifest per case
 * (`corpus/manifest/<id>.json`): what the case is, where it comes from, and
 * what the diagnosis must say. One file per case so cases can be added in
 * parallel without touching a shared list. Read by the corpus tests (both the
 * offline and the cluster path), the demo's `corpus` scenario and
 * scripts/corpus-report.ts. Layout and rules for adding a case: corpus/README.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isConfigFileName } from '@/lib/cni/files';
import type { SnapshotFile } from '@/lib/cni/snapshot';
import type { OfflineNode } from '@/lib/health/offline';

export const CORPUS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_NODES_DIR = path.join(CORPUS_DIR, 'nodes');
export const CORPUS_MANIFEST_DIR = path.join(CORPUS_DIR, 'manifest');
const CONF_DIR = '/etc/cni/net.d';

/**
 * Failure classes of issue 15 (plus the incident and the config-file basics
 * that came before it). A healthy case names the class whose rules it must
 * not trip, or `healthy` for a plain layout.
 */
export const CORPUS_CLASSES = [
  'multus-incident', 'config-files', 'chain-integrity', 'foreign-config', 'config-reload',
  'multus-lifecycle', 'partial-attachment', 'cni-agent', 'ipam', 'healthy',
] as const;
export type CorpusClass = (typeof CORPUS_CLASSES)[number];

const verdict = z.enum(['healthy', 'degraded', 'broken']);
const ruleId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

export const corpusManifestSchema = z.strictObject({
  /** Also the node's name and its folder under corpus/nodes/. */
  id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/),
  /** The cluster's CNI (primary network), e.g. calico, cilium, aws-vpc-cni, multus+flannel. */
  cni: z.string().min(1),
  class: z.enum(CORPUS_CLASSES),
  /** The public issue, discussion or documentation the case is taken or reconstructed from. */
  source: z.url(),
  /** What happened, and what was reconstructed rather than copied. */
  note: z.string().min(1),
  /** What the diagnosis should say with everything known: the case's truth. */
  expect: z.strictObject({
    verdict,
    /** Rule ids that must be raised at warning or error severity (none for a healthy case). */
    rules: z.array(ruleId),
  }),
  /**
   * Where a path sees less than the truth, what it must say instead.
   * Offline bundles carry no pods (pods.txt is published only by the cluster path);
   * container runtime log lines (events.txt) have no Kubernetes object, so the cluster path misses them.
   */
  offline: z.strictObject({ verdict, rules: z.array(ruleId) }).optional(),
  cluster: z.strictObject({ verdict, rules: z.array(ruleId) }).optional(),
  /** The node's spec.podCIDRs on the cluster path. */
  podCIDRs: z.array(z.string().max(43)).max(2).optional(),
});
export type CorpusManifest = z.infer<typeof corpusManifestSchema>;

export interface CorpusCase extends CorpusManifest {
  /** The node folder, as `npm run analyze -- DIR` reads it. */
  dir: string;
  node: OfflineNode;
  /** pods.txt: `kubectl get pods -A -o wide` lines of the node's pods, published only on the cluster path. */
  pods: CorpusPod[];
}

export interface CorpusPod { namespace: string; name: string; status: string; ip?: string }

const IP_TOKEN = /^[0-9a-fA-F:.]{2,39}$/;

/** `kubectl get pods -A -o wide` rows (the RESTARTS column may hold "2 (3h ago)"); the header and blank lines are skipped. */
export function parsePodRows(lines: readonly string[]): CorpusPod[] {
  return lines.filter((l) => !/^NAMESPACE\s/.test(l)).slice(0, 200).flatMap((l) => {
    const t = l.split(/\s+/);
    if (t.length < 7) return [];
    const ip = t.slice(5).find((x) => IP_TOKEN.test(x) && /[.:]/.test(x));
    return [{ namespace: t[0]!, name: t[1]!, status: t[3]!, ...(ip ? { ip } : {}) }];
  });
}

function lines(file: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The same reading as scripts/analyze.ts for a trusted, checked-in folder (no budget, no link checks). */
export function readCorpusNode(dir: string, name: string): OfflineNode {
  const files: SnapshotFile[] = [];
  const probes: Array<{ path: string; exists: boolean }> = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'bin.txt' || entry === 'events.txt' || entry === 'pods.txt') continue;
    const full = path.join(dir, entry);
    const stats = statSync(full);
    if (stats.isDirectory()) {
      for (const sub of readdirSync(full).sort()) probes.push({ path: `${CONF_DIR}/${entry}/${sub}`, exists: true });
      continue;
    }
    if (!isConfigFileName(entry)) {
      files.push({ name: entry, size: stats.size, truncated: false });
      continue;
    }
    const content = readFileSync(full, 'utf8');
    files.push({ name: entry, size: Buffer.byteLength(content), content, truncated: false });
  }
  const binaries = lines(path.join(dir, 'bin.txt'))?.map((l) => l.split(/\s+/).pop()!.replace(/^.*\//, ''));
  return { name, confDir: CONF_DIR, files, binaries, messages: lines(path.join(dir, 'events.txt')), probes };
}

/** Every case, in id order; throws on a manifest that does not parse or a case without its folder. */
export function loadCorpus(): CorpusCase[] {
  const manifests = readdirSync(CORPUS_MANIFEST_DIR).filter((f) => f.endsWith('.json')).sort();
  return manifests.map((f) => {
    const m = corpusManifestSchema.parse(JSON.parse(readFileSync(path.join(CORPUS_MANIFEST_DIR, f), 'utf8')));
    if (`${m.id}.json` !== f) throw new Error(`corpus/manifest/${f}: id "${m.id}" does not match the file name`);
    const dir = path.join(CORPUS_NODES_DIR, m.id);
    // git keeps no empty folders: a node folder needs at least one file (an empty conf dir still has bin.txt).
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`corpus/manifest/${f}: no folder corpus/nodes/${m.id}`);
    return { ...m, dir, node: readCorpusNode(dir, m.id), pods: parsePodRows(lines(path.join(dir, 'pods.txt')) ?? []) };
  });
}
