/**
 * Read-side bounds on a parsed snapshot (lib/cni/limits.ts): what the
 * dashboard keeps of a document no matter what its producer promised. Whoever
 * can write a snapshot ConfigMap chooses every byte of it, so file contents
 * over the per-file cap are withheld (name, size and sha256 stay, so findings
 * can still name the file), and list lengths are capped at far more than any
 * CNI directory holds.
 */
import { FILE_READ_MAX_BYTES } from './limits';
import type { Snapshot, SnapshotFile, SnapshotRevision } from './snapshot';

/** Entries of `files`, of each history entry's `files`, of `probes` and of `history` kept on read. */
export const MAX_SNAPSHOT_FILES = 256;
export const MAX_SNAPSHOT_PROBES = 256;
export const MAX_SNAPSHOT_HISTORY = 32;
/** Names in the CNI bin directory (a few dozen in practice). */
export const MAX_SNAPSHOT_BINARIES = 1024;

/** Characters kept of free-text fields shown as they are (read errors, agent name, paths). */
export const MAX_SNAPSHOT_TEXT = 1024;

/** UTF-8 length of a string without encoding it (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder writes them). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

const clip = (text: string): string => (text.length > MAX_SNAPSHOT_TEXT ? `${text.slice(0, MAX_SNAPSHOT_TEXT)}…` : text);

function boundFile<F extends { content?: string; withheld?: number; error?: string }>(file: F): F {
  // The common case, untouched: at most 3 UTF-8 bytes per UTF-16 unit, so no need to count.
  if (file.withheld === undefined && (file.error === undefined || file.error.length <= MAX_SNAPSHOT_TEXT) && (file.content === undefined || file.content.length * 3 <= FILE_READ_MAX_BYTES)) return file;
  // `withheld` is the consumer's own record: a producer cannot set it.
  const { withheld: _ignored, ...rest } = file;
  if (rest.error !== undefined) rest.error = clip(rest.error);
  if (rest.content === undefined) return rest as F;
  const bytes = utf8Length(rest.content);
  if (bytes <= FILE_READ_MAX_BYTES) return rest as F;
  const { content: _dropped, ...kept } = rest;
  return { ...kept, withheld: bytes } as F;
}

/** The snapshot as the dashboard keeps it: contents over FILE_READ_MAX_BYTES withheld, lists capped. */
export function boundSnapshot(input: Snapshot): Snapshot {
  const { filesOmitted: _ignored, ...snapshot } = input;
  const files: SnapshotFile[] = snapshot.files.slice(0, MAX_SNAPSHOT_FILES).map(boundFile);
  const history: SnapshotRevision[] = snapshot.history.slice(0, MAX_SNAPSHOT_HISTORY).map((r) => ({ ...r, files: r.files.slice(0, MAX_SNAPSHOT_FILES).map(boundFile) }));
  const dropped = snapshot.files.length - files.length;
  return {
    ...snapshot,
    agent: { name: clip(snapshot.agent.name), version: clip(snapshot.agent.version) },
    confDir: clip(snapshot.confDir),
    ...(snapshot.binDir !== undefined ? { binDir: clip(snapshot.binDir) } : {}),
    files,
    history,
    probes: snapshot.probes.slice(0, MAX_SNAPSHOT_PROBES).map((p) => ({ ...p, path: clip(p.path), ...(p.token?.aud ? { token: { ...p.token, aud: p.token.aud.slice(0, 4).map((a) => a.slice(0, 256)) } } : {}) })),
    ...(snapshot.binaries ? { binaries: snapshot.binaries.slice(0, MAX_SNAPSHOT_BINARIES).map(clip) } : {}),
    ...(snapshot.hostLocal ? { hostLocal: { dir: clip(snapshot.hostLocal.dir), networks: snapshot.hostLocal.networks.slice(0, 32).map((n) => ({ ...n, name: clip(n.name) })) } } : {}),
    ...(dropped > 0 ? { filesOmitted: dropped } : {}),
  };
}
