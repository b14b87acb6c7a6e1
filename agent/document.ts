/**
 * The snapshot document (lib/cni/snapshot.ts) from a scan and the revision
 * log, kept within the ConfigMap budget in the order docs/snapshot-format.md
 * prescribes. Pure: the time is an argument.
 */
import {
  SNAPSHOT_API_VERSION, SNAPSHOT_MAX_BYTES, snapshotSchema, type SnapshotInput, type SnapshotRevision,
} from '../lib/cni/snapshot';
import type { TokenClaims } from '../lib/cni/token-claims';
import type { Revision, RevisionLog } from './history';
import type { HostLocalNetwork } from './ipam-scan';
import type { ScannedFile } from './scan';

export const AGENT_NAME = 'cni-health-agent';
export const AGENT_VERSION = '0.1.0';
/** Earlier revisions whose content is kept, newest first, while the budget allows. */
export const HISTORY_CONTENT_MAX = 5;

export interface DocumentInput {
  node: string;
  collectedAt: Date;
  confDir: string;
  binDir: string;
  files: readonly ScannedFile[];
  binaries?: readonly string[];
  probes: readonly { path: string; exists: boolean; token?: TokenClaims }[];
  /** host-local reservation counts, when collected. */
  hostLocal?: { dir: string; networks: readonly HostLocalNetwork[] };
  log: RevisionLog;
}

function historyEntry(r: Revision, withContent: boolean): SnapshotRevision {
  return {
    revision: r.revision,
    observedAt: r.observedAt,
    digest: r.digest,
    files: r.files.map(({ content, ...rest }) => (withContent && content !== undefined ? { ...rest, content } : rest)),
  };
}

export function buildDocument(input: DocumentInput, budget: number = SNAPSHOT_MAX_BYTES): SnapshotInput {
  const cur = input.log.current;
  if (!cur) throw new Error('no revision observed yet');
  const doc: SnapshotInput = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'CNISnapshot',
    node: input.node,
    collectedAt: input.collectedAt.toISOString(),
    agent: { name: AGENT_NAME, version: AGENT_VERSION },
    confDir: input.confDir,
    files: input.files.map((f) => ({ ...f })),
    binDir: input.binDir,
    ...(input.binaries ? { binaries: [...input.binaries] } : {}),
    probes: input.probes.map((p) => ({ ...p })),
    ...(input.hostLocal ? { hostLocal: { dir: input.hostLocal.dir, networks: input.hostLocal.networks.map((n) => ({ ...n })) } } : {}),
    revision: cur.revision,
    digest: cur.digest,
    observedAt: cur.observedAt,
    history: input.log.earlier.map((r, i) => historyEntry(r, i < HISTORY_CONTENT_MAX)),
    truncated: false,
  };
  fitBudget(doc, budget);
  // Never publish what the dashboard would reject.
  snapshotSchema.parse(doc);
  return doc;
}

export const documentBytes = (doc: SnapshotInput): number => Buffer.byteLength(JSON.stringify(doc));

/**
 * Drops, until the document fits: history content oldest first, then whole
 * history entries oldest first, then (a directory of huge files) the
 * current files' content, largest first. Names, sizes and hashes of the
 * current files always stay: findings can still name the file.
 */
export function fitBudget(doc: SnapshotInput, budget: number): void {
  const fits = (): boolean => documentBytes(doc) <= budget;
  if (fits()) return;
  const history = doc.history ?? [];
  for (let i = history.length - 1; i >= 0 && !fits(); i--) {
    const entry = history[i];
    if (entry && entry.files.some((f) => f.content !== undefined)) {
      entry.files = entry.files.map(({ content: _c, ...rest }) => rest);
      doc.truncated = true;
    }
  }
  while (history.length > 0 && !fits()) {
    history.pop();
    doc.truncated = true;
  }
  const bySize = [...doc.files].filter((f) => f.content).sort((a, b) => (b.content?.length ?? 0) - (a.content?.length ?? 0));
  for (const f of bySize) {
    if (fits()) break;
    // Empty content marked truncated reads as "cut at 0 of N bytes": honest, and the hash still identifies it.
    f.content = '';
    f.truncated = true;
    doc.truncated = true;
  }
}
