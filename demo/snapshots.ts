/**
 * Per-node CNI snapshots in the agent's format (lib/cni/snapshot.ts, documented
 * in docs/snapshot-format.md), published as one ConfigMap per node. The demo
 * plays the agent: a new revision only when the set of files changes (same
 * digest, same revision), and the history keeps earlier revisions, newest first.
 */
import {
  SNAPSHOT_API_VERSION, SNAPSHOT_DATA_KEY, SNAPSHOT_FILE_CAP, SNAPSHOT_LABEL, SNAPSHOT_LABEL_VALUE, SNAPSHOT_MAX_BYTES,
  SNAPSHOT_NODE_ANNOTATION, snapshotConfigMapName, snapshotSchema, type SnapshotInput, type SnapshotRevision,
} from '@/lib/cni/snapshot';
import { iso, sha256Hex } from './builders/meta';
import { buildConfigMap } from './builders/workload';
import { BIN_DIR, CNI_BINARIES, CONF_DIR, MULTUS_KUBECONFIG } from './cni-configs';
import type { ConfigMapObject } from './types';

export const SNAPSHOT_NAMESPACE = 'cni-health';
export const AGENT = { name: 'cni-health-agent', version: '0.1.0' } as const;
/** Revisions kept in a document besides the current one. */
export const HISTORY_MAX = 10;
/** Earlier revisions whose content is kept (newest first) while the size budget allows. */
export const HISTORY_CONTENT_MAX = 5;

export interface ConfFile { name: string; content: string; modifiedAt: number }
export interface Revision { revision: number; observedAt: number; files: ConfFile[] }

/** sha256 over the sorted `name NUL sha256 LF` lines: equal file sets, equal digests. */
export function digestOf(files: readonly { name: string; sha256?: string }[]): string {
  const lines = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => `${f.name}\0${f.sha256 ?? ''}\n`);
  return sha256Hex(lines.join(''));
}

const fileSha = (f: ConfFile): string => sha256Hex(f.content);
const revisionDigest = (files: readonly ConfFile[]): string => digestOf(files.map((f) => ({ name: f.name, sha256: fileSha(f) })));

/** The revisions one node's agent has seen, oldest first. */
export class SnapshotHistory {
  readonly revisions: Revision[] = [];

  current(): Revision | undefined {
    return this.revisions.at(-1);
  }

  /** Records the directory's content at `at`; returns true when it differs from the current revision. */
  record(files: readonly ConfFile[], at: number): boolean {
    const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : 1));
    const cur = this.current();
    if (cur && revisionDigest(cur.files) === revisionDigest(sorted)) return false;
    this.revisions.push({ revision: (cur?.revision ?? 0) + 1, observedAt: at, files: sorted });
    return true;
  }

  file(name: string): ConfFile | undefined {
    return this.current()?.files.find((f) => f.name === name);
  }
}

function historyEntry(r: Revision, withContent: boolean): SnapshotRevision {
  return {
    revision: r.revision,
    observedAt: iso(r.observedAt),
    digest: revisionDigest(r.files),
    files: r.files.map((f) => ({ name: f.name, sha256: fileSha(f), size: Buffer.byteLength(f.content), ...(withContent ? { content: f.content } : {}) })),
  };
}

export function snapshotDocument(node: string, collectedAt: number, history: SnapshotHistory): SnapshotInput {
  const cur = history.current();
  if (!cur) throw new Error(`no snapshot revision recorded for ${node}`);
  const earlier = history.revisions.slice(0, -1).reverse().slice(0, HISTORY_MAX);
  const doc: SnapshotInput = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'CNISnapshot',
    node,
    collectedAt: iso(collectedAt),
    agent: { ...AGENT },
    confDir: CONF_DIR,
    files: cur.files.map((f) => {
      const size = Buffer.byteLength(f.content);
      const truncated = size > SNAPSHOT_FILE_CAP;
      return { name: f.name, size, sha256: fileSha(f), modifiedAt: iso(f.modifiedAt), content: truncated ? f.content.slice(0, SNAPSHOT_FILE_CAP) : f.content, truncated };
    }),
    binDir: BIN_DIR,
    binaries: [...CNI_BINARIES],
    // Multus writes its kubeconfig at start-up, before it waits for a primary config.
    probes: [{ path: MULTUS_KUBECONFIG, exists: true }],
    revision: cur.revision,
    observedAt: iso(cur.observedAt),
    digest: revisionDigest(cur.files),
    history: earlier.map((r, i) => historyEntry(r, i < HISTORY_CONTENT_MAX)),
    truncated: false,
  };
  return fitBudget(doc);
}

/** Drops history content oldest first, then history entries, until the document fits a ConfigMap. */
function fitBudget(doc: SnapshotInput): SnapshotInput {
  const size = (): number => Buffer.byteLength(JSON.stringify(doc));
  const history = doc.history ?? [];
  for (let i = history.length - 1; i >= 0 && size() > SNAPSHOT_MAX_BYTES; i--) {
    const entry = history[i];
    if (entry) entry.files = entry.files.map(({ content: _c, ...rest }) => rest);
    doc.truncated = true;
  }
  while (history.length && size() > SNAPSHOT_MAX_BYTES) {
    history.pop();
    doc.truncated = true;
  }
  return doc;
}

export function snapshotConfigMap(input: { node: string; nodeUid: string; createdAt: number; doc: SnapshotInput }): ConfigMapObject {
  // Fail fast: the demo must never publish what the dashboard would reject.
  snapshotSchema.parse(input.doc);
  return buildConfigMap({
    name: snapshotConfigMapName(input.node, sha256Hex),
    namespace: SNAPSHOT_NAMESPACE,
    createdAt: input.createdAt,
    updatedAt: Date.parse(input.doc.collectedAt),
    manager: AGENT.name,
    labels: { [SNAPSHOT_LABEL]: SNAPSHOT_LABEL_VALUE, 'app.kubernetes.io/name': AGENT.name, 'app.kubernetes.io/part-of': 'cni-health' },
    annotations: { [SNAPSHOT_NODE_ANNOTATION]: input.node },
    // Owned by the Node, so the garbage collector removes it with the node.
    owner: { apiVersion: 'v1', kind: 'Node', name: input.node, uid: input.nodeUid },
    data: { [SNAPSHOT_DATA_KEY]: JSON.stringify(input.doc) },
  });
}

export function snapshotKey(node: string): string {
  return `${SNAPSHOT_NAMESPACE}/${snapshotConfigMapName(node, sha256Hex)}`;
}
