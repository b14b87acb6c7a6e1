/**
 * Which node a snapshot ConfigMap may speak for. The agent writes one
 * ConfigMap per node, named after the node (snapshotConfigMapName), with the
 * node in its annotation and its document, owned by the Node. A ConfigMap
 * whose name, annotation, document and owner do not all name the same node
 * is ignored and reported, never used for any node: the cluster binds the
 * name and annotation to the writer's node (deploy/base/agent-policy.yaml),
 * so a document naming another node is a forgery or a bug either way. Since
 * names are unique in the namespace, only the correctly named ConfigMap of a
 * node can be accepted for it: two snapshots never override each other.
 * Pure: no I/O, no clock.
 */
import type { OwnerRefModel, SnapshotModel } from '@/lib/model/snapshot';
import { SNAPSHOT_NODE_ANNOTATION } from './snapshot';

const PREFIX = 'cni-snapshot-';
/** Node names are DNS subdomains: at most 253 characters (longer input is cut before it is shown). */
const NAME_MAX = 253;

export interface IgnoredSnapshot {
  namespace: string;
  configMapName: string;
  /** The node the document (or, unparsed, the annotation) names. */
  claims: string;
  /** The node the ConfigMap's name designates, when it follows the agent's naming scheme. */
  storedAs?: string;
  /** Why it was ignored, for people ("names node "a" but is stored as "b""): bounded, control characters escaped. */
  reason: string;
}

export type SnapshotCheck = { ok: true; node: string } | { ok: false; ignored: IgnoredSnapshot };

export interface SnapshotBinding {
  /** node name -> the one snapshot accepted for it */
  accepted: Map<string, SnapshotModel>;
  /** Every snapshot ignored, with the reason. */
  ignored: IgnoredSnapshot[];
}

// C0/C1 controls, soft hyphen, bidi marks and overrides, zero-width, line/paragraph separators, BOM, tag characters.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/gu;

/** A name from cluster data as it may be shown: bounded, nothing invisible or line-breaking left. */
export function shownName(s: string): string {
  const cut = [...s].length > NAME_MAX ? `${[...s].slice(0, NAME_MAX).join('')}…` : s;
  // JSON.stringify escapes quotes, backslashes and C0 controls; the rest of what is invisible is escaped after it.
  return JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * The node a ConfigMap name designates under the agent's scheme, when it
 * can be told from the name: `cni-snapshot-<node>`. Long names end in a hash
 * and only the node's prefix is known; those are checked against the claim.
 */
export function nodeOfConfigMapName(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  return name.length === NAME_MAX && /-[0-9a-f]{16}$/.test(name) ? undefined : name.slice(PREFIX.length);
}

/** Does `name` follow snapshotConfigMapName(node)? The hash of a long name is not recomputed: its shape and prefix are checked. */
export function nameFitsNode(name: string, node: string): boolean {
  const plain = `${PREFIX}${node}`;
  if (plain.length <= NAME_MAX) return name === plain;
  return name.length === NAME_MAX && /-[0-9a-f]{16}$/.test(name) && name.slice(0, NAME_MAX - 17) === plain.slice(0, NAME_MAX - 17);
}

function ownerProblem(owners: readonly OwnerRefModel[] | undefined, node: string, nodeUid: string | undefined): string | undefined {
  for (const o of owners ?? []) {
    if (o.kind !== 'Node' || o.apiVersion !== 'v1') continue;
    if (o.name !== node) return `is owned by Node ${shownName(o.name)}`;
    if (nodeUid !== undefined && o.uid !== nodeUid) return `is owned by an earlier Node ${shownName(node)} (uid ${shownName(o.uid)}, the node now has ${shownName(nodeUid)})`;
  }
  return undefined;
}

/**
 * One ConfigMap's verdict. `nodeUid` is the uid of the Node it claims, when
 * the cache has it: an owner reference to a deleted and recreated node of the
 * same name no longer speaks for it (the garbage collector removes it soon).
 * An owner reference is optional (the agent works without `get nodes`).
 */
export function checkSnapshotBinding(s: SnapshotModel, nodeUid?: string): SnapshotCheck {
  const claims = s.node;
  // Not a ConfigMap (an offline bundle): the folder it was read from is its identity.
  if (s.configMapName === '') return claims ? { ok: true, node: claims } : ignore(s, 'names no node');
  if (!claims) return ignore(s, 'names no node');
  const storedAs = nodeOfConfigMapName(s.configMapName);
  if (!nameFitsNode(s.configMapName, claims)) {
    return ignore(s, `names node ${shownName(claims)} but is stored as ${storedAs !== undefined ? shownName(storedAs) : `ConfigMap ${shownName(s.configMapName)}`}`);
  }
  if (s.annotatedNode !== claims) {
    return ignore(s, s.annotatedNode === undefined
      ? `names node ${shownName(claims)} but has no ${SNAPSHOT_NODE_ANNOTATION} annotation`
      : `names node ${shownName(claims)} but its ${SNAPSHOT_NODE_ANNOTATION} annotation says ${shownName(s.annotatedNode)}`);
  }
  const owner = ownerProblem(s.owners, claims, nodeUid);
  if (owner) return ignore(s, `names node ${shownName(claims)} but ${owner}`);
  return { ok: true, node: claims };
}

function ignoredSnapshot(s: SnapshotModel, why: string): IgnoredSnapshot {
  const storedAs = nodeOfConfigMapName(s.configMapName);
  return {
    namespace: s.namespace,
    configMapName: s.configMapName,
    claims: s.node,
    ...(storedAs !== undefined ? { storedAs } : {}),
    reason: why,
  };
}

const ignore = (s: SnapshotModel, why: string): SnapshotCheck => ({ ok: false, ignored: ignoredSnapshot(s, why) });

/** The nodes an ignored snapshot concerns: the one it claims and the one it is stored as. */
export function concernedNodes(i: IgnoredSnapshot): string[] {
  return [...new Set([i.claims, ...(i.storedAs !== undefined ? [i.storedAs] : [])].filter((n) => n !== ''))];
}

/**
 * Every snapshot checked; at most one accepted per node. Should two pass
 * (only possible across namespaces, or in hand-made input), the first by
 * namespace/name wins and the others are reported, whatever their order.
 */
export function bindSnapshots(snapshots: readonly SnapshotModel[], nodeUid: (node: string) => string | undefined = () => undefined): SnapshotBinding {
  const accepted = new Map<string, SnapshotModel>();
  const ignored: IgnoredSnapshot[] = [];
  const key = (s: SnapshotModel): string => `${s.namespace}/${s.configMapName}`;
  for (const s of [...snapshots].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    const c = checkSnapshotBinding(s, nodeUid(s.node));
    if (!c.ok) ignored.push(c.ignored);
    else if (accepted.has(c.node)) {
      const first = accepted.get(c.node)!;
      ignored.push(ignoredSnapshot(s, `names node ${shownName(c.node)}, whose snapshot is already ${shownName(key(first))}`));
    } else accepted.set(c.node, s);
  }
  return { accepted, ignored };
}

/** Ignored snapshots by the nodes they concern. */
export function ignoredByNode(ignored: readonly IgnoredSnapshot[]): Map<string, IgnoredSnapshot[]> {
  const out = new Map<string, IgnoredSnapshot[]>();
  for (const i of ignored) for (const n of concernedNodes(i)) out.set(n, [...(out.get(n) ?? []), i]);
  return out;
}
