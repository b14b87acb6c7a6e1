import 'server-only';
import type { DiffChangeView, DiffFileView, DiffLineView } from '@/lib/api/diff';
import { diffBudget, diffConfigSets, type DiffWork, type FileDiff, type PathChange } from '@/lib/cni/diff';
import { summariseChanges } from '@/lib/cni/diff-summary';
import { normaliseJson, normaliseString } from '@/lib/cni/fingerprint';
import { parseJson, type JsonParseResult, type JsonValue } from '@/lib/cni/json';
import { boundedJsonLines, type LineMark } from '@/lib/cni/json-lines';
import { FILE_READ_MAX_BYTES } from '@/lib/cni/limits';
import type { SnapshotFile } from '@/lib/cni/snapshot';
import { boundedTextLines, clipLine, RenderBudget } from './render-budget';

/** Path changes listed per file; the rest are counted. */
const MAX_CHANGES_SHOWN = 500;

export interface DiffSide {
  node: string;
  revision: number;
  files: SnapshotFile[];
}

type Parse = (text: string) => JsonParseResult;

/** One view parses each content once: the raw pass, the normalised pass and the lines shown all need it. */
function memoParse(): Parse {
  const seen = new Map<string, JsonParseResult>();
  return (text) => {
    let r = seen.get(text);
    if (!r) seen.set(text, (r = parseJson(text)));
    return r;
  };
}

function parsed(file: SnapshotFile | undefined, parse: Parse): JsonValue | undefined {
  if (file?.content === undefined) return undefined;
  const r = parse(file.content);
  return r.ok ? r.value : undefined;
}

/** Node names, IPs, MACs and ENI ids replaced by placeholders, so only real differences remain. */
function normalised(file: SnapshotFile, node: string, parse: Parse): SnapshotFile {
  if (file.content === undefined) return file;
  const json = parsed(file, parse);
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

interface SideLines { lines?: DiffLineView[]; cut: boolean }

function linesOf(file: SnapshotFile | undefined, changes: readonly PathChange[], side: 'base' | 'target', budget: RenderBudget, parse: Parse, whole?: LineMark): SideLines {
  if (!file) return { cut: false };
  if (file.withheld !== undefined) return { lines: [{ text: `(content not shown: ${file.withheld} bytes, over the ${FILE_READ_MAX_BYTES}-byte read limit)` }], cut: false };
  if (file.content === undefined) return { lines: [{ text: `(content not available${file.error ? `: ${file.error}` : ''})` }], cut: false };
  const json = parsed(file, parse);
  if (json === undefined) {
    const r = boundedTextLines(file.content.replace(/\n$/, ''), budget.next());
    budget.spend(r.chars, r.lines.length);
    return { lines: r.lines.map((text) => ({ text, mark: whole })), cut: r.cut };
  }
  const marks = whole ? new Map<string, LineMark>([['$', whole]]) : marksFor(changes, side);
  const r = boundedJsonLines(json, marks, budget.next());
  let chars = 0;
  const lines = r.lines.map((l) => {
    chars += l.text.length + l.path.length;
    return { ...l, text: clipLine(l.text) };
  });
  budget.spend(chars, lines.length);
  return { lines, cut: r.cut };
}

const changeView = ({ op, path, to }: PathChange): DiffChangeView => (to === undefined ? { op, path } : { op, path, to });

function fileView(raw: FileDiff, shown: FileDiff, b: SnapshotFile | undefined, t: SnapshotFile | undefined, budget: RenderBudget, parse: Parse): DiffFileView {
  const whole = shown.status === 'added' ? 'added' : shown.status === 'removed' ? 'removed' : undefined;
  const changes = shown.status === 'unchanged' ? [] : shown.changes;
  const base = linesOf(b, changes, 'base', budget, parse, whole === 'removed' ? whole : undefined);
  const target = linesOf(t, changes, 'target', budget, parse, whole === 'added' ? whole : undefined);
  return {
    file: shown.file,
    status: shown.status,
    json: shown.json,
    changes: changes.slice(0, MAX_CHANGES_SHOWN).map(changeView),
    summary: shown.json ? summariseChanges(changes, { base: parsed(b, parse) }) : [],
    ...(changes.length > MAX_CHANGES_SHOWN ? { changesOmitted: changes.length - MAX_CHANGES_SHOWN } : {}),
    hiddenChanges: Math.max(0, (raw.status === 'unchanged' ? 0 : Math.max(raw.changes.length, 1)) - (shown.status === 'unchanged' ? 0 : Math.max(changes.length, 1))),
    base: base.lines,
    target: target.lines,
    ...(base.cut ? { baseCut: true } : {}),
    ...(target.cut ? { targetCut: true } : {}),
    ...(shown.structuralSkipped ? { structuralSkipped: shown.structuralSkipped } : {}),
    ...(shown.lineDiffSkipped ? { lineDiffSkipped: true } : {}),
    unified: shown.unified,
  };
}

/**
 * Per-file views of two config sets. With `ignoreNodeSpecific`, what is
 * compared (and the text diff) is the normalised content of lib/cni/fingerprint.ts;
 * the lines shown stay the real ones, marked where a real difference remains.
 * Lines shown are bounded per file and for the whole view (./render-budget.ts).
 */
export function diffFileViews(base: DiffSide, target: DiffSide, ignoreNodeSpecific: boolean): DiffFileView[] {
  return diffFileResults(base, target, ignoreNodeSpecific).views;
}

/** The views and what each file's diff cost (lib/cni/diff.ts DiffWork), for the bounds' tests and the bench. */
export function diffFileResults(base: DiffSide, target: DiffSide, ignoreNodeSpecific: boolean): { views: DiffFileView[]; work: DiffWork[] } {
  const labels: [string, string] = [`${base.node}@${base.revision}`, `${target.node}@${target.revision}`];
  // One budget for the whole view; the raw pass only counts what normalising hides, so it draws no line diff.
  const budget = diffBudget();
  const parse = memoParse();
  const raw = diffConfigSets(base.files, target.files, { labels, budget, parse, unified: !ignoreNodeSpecific });
  const shown = ignoreNodeSpecific
    ? diffConfigSets(base.files.map((f) => normalised(f, base.node, parse)), target.files.map((f) => normalised(f, target.node, parse)), { labels, budget, parse })
    : raw;
  const byName = (files: SnapshotFile[]): Map<string, SnapshotFile> => new Map(files.map((f) => [f.name, f]));
  const b = byName(base.files);
  const t = byName(target.files);
  const render = new RenderBudget();
  const views = shown.map((s, i) => fileView(raw[i]!, s, b.get(s.file), t.get(s.file), render, parse));
  return { views, work: [...raw, ...(shown === raw ? [] : shown)].map((d) => d.work) };
}
