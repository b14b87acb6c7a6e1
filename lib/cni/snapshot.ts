/**
 * The per-node CNI snapshot: what the agent (or the demo cluster) publishes in
 * one ConfigMap per node. Format documented in docs/snapshot-format.md; this
 * schema is its single source of truth, for producers and consumers alike.
 */
import { z } from 'zod';
import { boundSnapshot, utf8Length } from './bounds';
import { SNAPSHOT_READ_MAX_BYTES } from './limits';

export const SNAPSHOT_API_VERSION = 'cni-health.io/v1alpha1';
/** Label that marks a ConfigMap as a snapshot; the value is the format version. */
export const SNAPSHOT_LABEL = 'cni-health.io/snapshot';
export const SNAPSHOT_LABEL_VALUE = 'v1alpha1';
/** Annotation with the full node name (labels cap values at 63 characters). */
export const SNAPSHOT_NODE_ANNOTATION = 'cni-health.io/node';
/** The ConfigMap data key holding the JSON document. */
export const SNAPSHOT_DATA_KEY = 'snapshot.json';
/** A ConfigMap may hold at most 1 MiB; producers keep the document under this. */
export const SNAPSHOT_MAX_BYTES = 1_000_000;
/** Contents of one file are capped so one huge file cannot crowd out the rest. */
export const SNAPSHOT_FILE_CAP = 256 * 1024;

const isoTime = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

export const snapshotFileSchema = z.object({
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  sha256: sha256.optional(),
  modifiedAt: isoTime.optional(),
  /** UTF-8 content, up to SNAPSHOT_FILE_CAP; absent when unreadable. */
  content: z.string().optional(),
  /** True when content was cut at the cap (sha256 and size still describe the whole file). */
  truncated: z.boolean().default(false),
  /** Why the file could not be read (EACCES, a directory, ...). */
  error: z.string().optional(),
  /**
   * Optional, additive to v1alpha1: credentials (tokens, keys, passwords) in
   * `content` were replaced by "REDACTED" before publishing; size and sha256
   * describe the file on disk.
   */
  redacted: z.boolean().optional(),
  /**
   * Set by consumers on read, never by producers (a producer's value is
   * dropped): the content was withheld, being this many UTF-8 bytes, over the
   * read limit (lib/cni/limits.ts FILE_READ_MAX_BYTES).
   */
  withheld: z.number().int().nonnegative().optional(),
});

export const snapshotRevisionSchema = z.object({
  revision: z.number().int().nonnegative(),
  /** When the agent first saw this revision. */
  observedAt: isoTime,
  /** Hash over the sorted (name, sha256) pairs: equal sets, equal digests. */
  digest: sha256,
  files: z.array(z.object({
    name: z.string(),
    sha256: sha256.optional(),
    size: z.number().int().nonnegative(),
    /** Kept for recent revisions while the size budget allows; dropped oldest first. */
    content: z.string().optional(),
    /** As on a current file: set on read when the content was over the read limit. */
    withheld: z.number().int().nonnegative().optional(),
  })),
});

/**
 * Facts about the API token a kubeconfig holds (optional, additive to
 * v1alpha1): its JWT claims only. Producers never publish the token.
 */
export const tokenClaimsSchema = z.object({
  /** Expiry and issue time, seconds since the epoch. */
  exp: z.number().int().positive().optional(),
  iat: z.number().int().positive().optional(),
  aud: z.array(z.string()).optional(),
});

export const pathProbeSchema = z.object({
  path: z.string(),
  exists: z.boolean(),
  /** For a kubeconfig holding a JWT: its claims (lib/cni/token-claims.ts). */
  token: tokenClaimsSchema.optional(),
});

export const snapshotSchema = z.object({
  apiVersion: z.literal(SNAPSHOT_API_VERSION),
  kind: z.literal('CNISnapshot'),
  node: z.string().min(1).max(253),
  collectedAt: isoTime,
  agent: z.object({ name: z.string(), version: z.string() }),
  confDir: z.string(),
  files: z.array(snapshotFileSchema),
  binDir: z.string().optional(),
  /** File names in the CNI bin directory; absent when the agent could not list it. */
  binaries: z.array(z.string()).optional(),
  /** Existence of paths the configs refer to (Multus kubeconfig, readiness indicator file). */
  probes: z.array(pathProbeSchema).default([]),
  revision: z.number().int().nonnegative(),
  digest: sha256,
  /**
   * When the producer first saw the current revision (optional, additive to
   * v1alpha1): unlike collectedAt it does not move with heartbeats, and unlike
   * file mtimes it is when the node's configuration became what it is.
   */
  observedAt: isoTime.optional(),
  /** Earlier revisions, newest first, not including the current one. */
  history: z.array(snapshotRevisionSchema).default([]),
  /** Set when the producer dropped content to stay within SNAPSHOT_MAX_BYTES. */
  truncated: z.boolean().default(false),
  /**
   * Optional, additive to v1alpha1: host-local IPAM's reservation files per
   * network (names counted, contents never read), when the agent is given the
   * directory (AGENT_IPAM_DIR). Absent: not collected.
   */
  hostLocal: z.object({
    dir: z.string(),
    networks: z.array(z.object({ name: z.string().min(1).max(255), v4: z.number().int().nonnegative(), v6: z.number().int().nonnegative() })),
  }).optional(),
  /** Set by consumers on read (a producer's value is dropped): files past the read cap of lib/cni/bounds.ts. */
  filesOmitted: z.number().int().nonnegative().optional(),
});

export type SnapshotFile = z.infer<typeof snapshotFileSchema>;
export type SnapshotRevision = z.infer<typeof snapshotRevisionSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;
export type SnapshotInput = z.input<typeof snapshotSchema>;

export type SnapshotParseResult =
  | { ok: true; snapshot: Snapshot }
  | { ok: false; error: string };

/**
 * Parses a snapshot document; never throws, whatever the bytes. What it
 * returns is bounded (lib/cni/bounds.ts): a document over the ConfigMap limit
 * is refused, contents over the per-file read limit are withheld.
 */
export function parseSnapshot(text: string | undefined): SnapshotParseResult {
  if (text === undefined) return { ok: false, error: `missing data key ${SNAPSHOT_DATA_KEY}` };
  // UTF-16 units ≤ UTF-8 bytes ≤ 3 × units: the exact count only for texts near the limit.
  if (text.length > SNAPSHOT_READ_MAX_BYTES || (text.length * 3 > SNAPSHOT_READ_MAX_BYTES && utf8Length(text) > SNAPSHOT_READ_MAX_BYTES)) {
    return { ok: false, error: `snapshot is over ${SNAPSHOT_READ_MAX_BYTES} bytes, more than a ConfigMap can hold: not read` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `snapshot is not valid JSON: ${(e as Error).message}` };
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `snapshot does not match ${SNAPSHOT_API_VERSION}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
  }
  return { ok: true, snapshot: boundSnapshot(parsed.data) };
}

/**
 * ConfigMap name for a node's snapshot. Node names may be 253 characters, the
 * same as the ConfigMap limit, so long names are shortened with a hash suffix;
 * the annotation and the document keep the full name.
 */
export function snapshotConfigMapName(node: string, hash: (s: string) => string): string {
  const name = `cni-snapshot-${node}`;
  if (name.length <= 253) return name;
  return `${name.slice(0, 253 - 17)}-${hash(node).slice(0, 16)}`;
}
