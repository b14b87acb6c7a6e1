import 'server-only';
import type { DiffChangeView, DiffFileView, DiffLineView } from '@/lib/api/diff';
import { diffConfigSets, type FileDiff, type PathChange } from '@/lib/cni/diff';
import { normaliseJson, normaliseString } from '@/lib/cni/fingerprint';
import { parseJson, type JsonValue } from '@/lib/cni/json';
import { jsonLines, type LineMark } from '@/lib/cni/json-lines';
import type { SnapshotFile } from '@/lib/cni/snapshot';

export interface DiffSide {
  node: string;
  revision: number;
  files: SnapshotFile[];
}

function parsed(file: SnapshotFile | undefined): JsonValue | undefined {
  if (file?.content === undefined) return undefined;
  const r = parseJson(file.content);
  return r.ok ? r.value : undefined;
}

/** Node names, IPs, MACs and ENI ids replaced by placeholders, so only real differences remain. */
function normalised(file: SnapshotFile, node: string): SnapshotFile {
  if (file.content === undefined) return file;
  const json = parsed(file);
  const content = json === undefined ? normaliseString(file.content, node) : `${JSON.stringify(normaliseJson(json, node))}\n`;
  return { ...file, content };
}

function marksFor(changes: readonly PathChange[], side: 'base' | 'target'): Map<string, LineMark> {
  const marks = new Map<string, LineMark>();
  for (const c of changes) {
    // Paths of `add` and `change` use the target's array indexes, `remove` the base's
    // (lib/cni/diff.ts); a change under an array that also gained items may be off by
    // the shift on the base side, which the text view shows exactly.
    if (side === 'target' && c.op === 'add') marks.set(c.path, 'added');
    if (side === 'base' && c.op === 'remove') marks.set(c.path, 'removed');
    if (c.op === 'change') marks.set(c.path, 'changed');
  }
  return marks;
}

function linesOf(file: SnapshotFile | undefined, changes: readonly PathChange[], side: 'base' | 'target', whole?: LineMark): DiffLineView[] | undefined {
  if (!file) return undefined;
  if (file.content === undefined) return [{ text: `(content not available${file.error ? `: ${file.error}` : ''})` }];
  const json = parsed(file);
  if (json === undefined) return file.content.replace(/\n$/, '').split('\n').map((text) => ({ text, mark: whole }));
  const marks = whole ? new Map<string, LineMark>([['$', whole]]) : marksFor(changes, side);
  return jsonLines(json, marks);
}

const changeView = ({ op, path, to }: PathChange): DiffChangeView => (to === undefined ? { op, path } : { op, path, to });

function fileView(raw: FileDiff, shown: FileDiff, b: SnapshotFile | undefined, t: SnapshotFile | undefined): DiffFileView {
  const whole = shown.status === 'added' ? 'added' : shown.status === 'removed' ? 'removed' : undefined;
  const changes = shown.status === 'unchanged' ? [] : shown.changes;
  return {
    file: shown.file,
    status: shown.status,
    json: shown.json,
    changes: changes.map(changeView),
    hiddenChanges: Math.max(0, (raw.status === 'unchanged' ? 0 : Math.max(raw.changes.length, 1)) - (shown.status === 'unchanged' ? 0 : Math.max(changes.length, 1))),
    base: linesOf(b, changes, 'base', whole === 'removed' ? whole : undefined),
    target: linesOf(t, changes, 'target', whole === 'added' ? whole : undefined),
    unified: shown.unified,
  };
}

/**
 * Per-file views of two config sets. With `ignoreNodeSpecific`, what is
 * compared (and the text diff) is the normalised content of lib/cni/fingerprint.ts;
 * the lines shown stay the real ones, marked where a real difference remains.
 */
export function diffFileViews(base: DiffSide, target: DiffSide, ignoreNodeSpecific: boolean): DiffFileView[] {
  const labels: [string, string] = [`${base.node}@${base.revision}`, `${target.node}@${target.revision}`];
  const raw = diffConfigSets(base.files, target.files, { labels });
  const shown = ignoreNodeSpecific
    ? diffConfigSets(base.files.map((f) => normalised(f, base.node)), target.files.map((f) => normalised(f, target.node)), { labels })
    : raw;
  const byName = (files: SnapshotFile[]): Map<string, SnapshotFile> => new Map(files.map((f) => [f.name, f]));
  const b = byName(base.files);
  const t = byName(target.files);
  return shown.map((s, i) => fileView(raw[i]!, s, b.get(s.file), t.get(s.file)));
}
