import 'server-only';
import { configFiles, loadConfigDir } from '@/lib/cni/files';
import { parseJson } from '@/lib/cni/json';
import type { Snapshot, SnapshotFile } from '@/lib/cni/snapshot';
import type { CniFileView, FileChangeView, FileRole, HighlightView, RevisionView } from '@/lib/api/node-detail';
import type { FindingView } from '@/lib/api/views';
import { prettyJson } from './pretty-json';
import { boundedTextLines, clipLine, RenderBudget } from './render-budget';

interface Pointer { jsonPaths: Map<string, string[]>; lines: Map<number, string[]> }

/** Which paths and lines of which file the findings point at, with the rules that point there. */
function pointersByFile(findings: readonly FindingView[]): Map<string, Pointer> {
  const out = new Map<string, Pointer>();
  const add = <K>(m: Map<K, string[]>, k: K, rule: string): void => {
    const rules = m.get(k) ?? [];
    if (!rules.includes(rule)) rules.push(rule);
    m.set(k, rules);
  };
  for (const f of findings) {
    for (const e of f.evidence) {
      if (!e.file) continue;
      const p = out.get(e.file) ?? { jsonPaths: new Map(), lines: new Map() };
      if (e.jsonPath) add(p.jsonPaths, e.jsonPath, f.ruleId);
      if (e.line !== undefined) add(p.lines, e.line, f.ruleId);
      out.set(e.file, p);
    }
  }
  return out;
}

function lineHighlights(lines: Map<number, string[]>): HighlightView[] {
  return [...lines].map(([line, ruleIds]) => ({ path: `line ${line}`, start: line, end: line, ruleIds }));
}

type ContentView = Pick<CniFileView, 'format' | 'text' | 'parseError' | 'highlights' | 'unresolved' | 'cut' | 'withheld'>;

function content(file: SnapshotFile, pointer: Pointer | undefined, budget: RenderBudget): ContentView {
  const paths = pointer?.jsonPaths ?? new Map<string, string[]>();
  const lines = new Map(pointer?.lines ?? []);
  if (file.withheld !== undefined) return { format: 'none', withheld: file.withheld, highlights: [], unresolved: [...paths.keys()] };
  if (file.content === undefined) return { format: 'none', highlights: [], unresolved: [...paths.keys()] };
  const parsed = parseJson(file.content);
  if (!parsed.ok) {
    if (!lines.has(parsed.line)) lines.set(parsed.line, ['invalid-json']);
    const shown = boundedTextLines(file.content, budget.next());
    budget.spend(shown.chars, shown.lines.length);
    return {
      format: 'raw',
      text: shown.lines.join('\n'),
      ...(shown.cut ? { cut: true } : {}),
      parseError: { message: parsed.message, line: parsed.line, column: parsed.column },
      highlights: lineHighlights(lines).filter((h) => h.start <= shown.lines.length),
      unresolved: [...paths.keys()],
    };
  }
  const pretty = prettyJson(parsed.value, paths.keys(), budget.next());
  budget.spend(pretty.text.length, pretty.lineCount);
  const highlights: HighlightView[] = [...pretty.ranges].map(([path, r]) => ({ path, ...r, ruleIds: paths.get(path) ?? [] }));
  // Line numbers in evidence refer to the file as collected; they only fit the pretty text when it is unchanged.
  const sameLines = !pretty.cut && pretty.text === file.content.replace(/\r\n/g, '\n').replace(/\n$/, '');
  return {
    format: 'json',
    text: pretty.text.split('\n').map(clipLine).join('\n'),
    ...(pretty.cut ? { cut: true } : {}),
    highlights: sameLines ? [...highlights, ...lineHighlights(lines)] : highlights,
    unresolved: [...paths.keys()].filter((p) => !pretty.ranges.has(p)),
  };
}

/**
 * The node's files as the page shows them: config files in the order the
 * runtime reads them (marking the one it uses), then everything else.
 */
export function fileViews(snapshot: Snapshot, findings: readonly FindingView[]): { files: CniFileView[]; effectiveFile?: string } {
  const dir = loadConfigDir(snapshot.files);
  const pointers = pointersByFile(findings);
  const budget = new RenderBudget();
  const configs = dir.entries.map((entry, i): CniFileView => {
    const role: FileRole = i < dir.effectiveIndex ? 'skipped' : i === dir.effectiveIndex ? 'effective' : 'shadowed';
    return view(entry.file, role, pointers.get(entry.name), budget, entry.load.ok ? undefined : entry.load.message);
  });
  const configNames = new Set(configFiles(snapshot.files).map((f) => f.name));
  const others = snapshot.files
    .filter((f) => !configNames.has(f.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => view(f, 'not-config', pointers.get(f.name), budget));
  return { files: [...configs, ...others], effectiveFile: dir.effective?.name };
}

function view(file: SnapshotFile, role: FileRole, pointer: Pointer | undefined, budget: RenderBudget, loadError?: string): CniFileView {
  return {
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    modifiedAt: file.modifiedAt,
    role,
    loadError,
    truncated: file.truncated,
    readError: file.error,
    ...content(file, pointer, budget),
  };
}

interface RevisionFiles { files: ReadonlyArray<{ name: string; sha256?: string }> }

/** Files added, removed or changed (by sha256) from `older` to `newer`. */
export function revisionChanges(newer: RevisionFiles, older: RevisionFiles): FileChangeView[] {
  const before = new Map(older.files.map((f) => [f.name, f.sha256]));
  const after = new Map(newer.files.map((f) => [f.name, f.sha256]));
  const changes: FileChangeView[] = [];
  for (const [name, sha] of after) {
    if (!before.has(name)) changes.push({ name, change: 'added' });
    else if (before.get(name) !== sha) changes.push({ name, change: 'changed' });
  }
  for (const name of before.keys()) if (!after.has(name)) changes.push({ name, change: 'removed' });
  return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Current revision first, then the kept history (already newest first), each with what changed since the one before. */
export function revisionViews(snapshot: Snapshot): RevisionView[] {
  const newestMtime = snapshot.files.map((f) => f.modifiedAt).filter((t): t is string => !!t).sort().at(-1);
  const all = [
    { revision: snapshot.revision, observedAt: snapshot.observedAt ?? newestMtime, digest: snapshot.digest, files: snapshot.files, current: true },
    ...snapshot.history.map((r) => ({ ...r, current: false })),
  ];
  return all.map((r, i) => {
    const older = all[i + 1];
    return {
      revision: r.revision,
      observedAt: r.observedAt,
      current: r.current,
      estimated: r.current && !snapshot.observedAt,
      digest: r.digest,
      fileCount: r.files.length,
      changes: older ? revisionChanges(r, older) : [],
      oldest: !older,
    };
  });
}
