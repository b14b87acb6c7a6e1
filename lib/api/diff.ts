/**
 * The config diff's contract: its view model, its state in the URL (so a
 * link opens the same diff, revisions pinned), and its query options.
 */
import { queryOptions } from '@tanstack/react-query';
import type { LineMark } from '@/lib/cni/json-lines';
import type { ChoiceReason } from '@/lib/health/comparison';
import { nodeNameSchema } from './params';
import { fetchJson, queryKeys } from './queries';
import type { FindingView, Verdict } from './views';

export type { LineMark } from '@/lib/cni/json-lines';

export type DiffMode = 'side' | 'text';

/** Everything the page shows that is worth sharing. Absent revisions mean "the latest". */
export interface DiffState {
  base?: string;
  target?: string;
  baseRev?: number;
  targetRev?: number;
  /** Hide differences that are only node names, IPs, MACs, ENI ids (on unless the URL says `ignore=0`). */
  ignore: boolean;
  mode: DiffMode;
}

export type DiffStateResult = { ok: true; state: DiffState } | { ok: false; error: string };

type Params = Pick<URLSearchParams, 'get'>;

function parseRev(params: Params, key: string): number | undefined | Error {
  const raw = params.get(key);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw)) return new Error(`${key}: a snapshot revision is a whole number, not "${raw.slice(0, 40)}"`);
  return Number(raw);
}

function parseNode(params: Params, key: string): string | undefined | Error {
  const raw = params.get(key);
  if (raw === null || raw === '') return undefined;
  const parsed = nodeNameSchema.safeParse(raw);
  return parsed.success ? parsed.data : new Error(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid node name'}`);
}

/** The diff state from a query string; the first problem found as a message. */
export function parseDiffState(params: Params): DiffStateResult {
  const base = parseNode(params, 'base');
  const target = parseNode(params, 'target');
  const baseRev = parseRev(params, 'baseRev');
  const targetRev = parseRev(params, 'targetRev');
  for (const v of [target, base, targetRev, baseRev]) if (v instanceof Error) return { ok: false, error: v.message };
  const mode = params.get('view');
  if (mode !== null && mode !== 'side' && mode !== 'text') return { ok: false, error: `view: "side" or "text", not "${mode.slice(0, 40)}"` };
  const ignore = params.get('ignore');
  if (ignore !== null && ignore !== '0' && ignore !== '1') return { ok: false, error: 'ignore: "1" or "0"' };
  return {
    ok: true,
    state: {
      base: base as string | undefined,
      target: target as string | undefined,
      baseRev: baseRev as number | undefined,
      targetRev: targetRev as number | undefined,
      ignore: ignore !== '0',
      mode: mode === 'text' ? 'text' : 'side',
    },
  };
}

/** The query string of a state, in a stable order, defaults left out (short links). */
export function serialiseDiffState(state: DiffState): string {
  const p = new URLSearchParams();
  if (state.base) p.set('base', state.base);
  if (state.baseRev !== undefined) p.set('baseRev', String(state.baseRev));
  if (state.target) p.set('target', state.target);
  if (state.targetRev !== undefined) p.set('targetRev', String(state.targetRev));
  if (!state.ignore) p.set('ignore', '0');
  if (state.mode === 'text') p.set('view', 'text');
  return p.toString();
}

export function diffHref(state: DiffState): string {
  const qs = serialiseDiffState(state);
  return qs ? `/diff?${qs}` : '/diff';
}

export interface DiffSideView {
  node: string;
  zone?: string;
  pool?: string;
  /** The node's verdict now (not at the shown revision). */
  verdict: Verdict;
  variant?: string;
  /** The revision shown. */
  revision: number;
  /** When that revision was first seen. */
  observedAt?: string;
  latestRevision: number;
  latestObservedAt: string;
  /** True when the shown revision is not the node's current one. */
  behind: boolean;
  /** Set when the asked-for revision cannot be shown. */
  missing?: 'unknown-revision' | 'content-dropped';
  /** Findings for the shown revision: the node's own when current; the config findings of that revision otherwise. */
  findings: FindingView[];
}

export interface DiffLineView {
  text: string;
  path?: string;
  mark?: LineMark;
  blockStart?: boolean;
}

export interface DiffChangeView {
  op: 'add' | 'remove' | 'change' | 'move';
  path: string;
  to?: number;
}

export interface DiffFileView {
  file: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  json: boolean;
  changes: DiffChangeView[];
  /** The changes in a few sentences, base → target (lib/cni/diff-summary.ts); empty when not JSON. */
  summary: string[];
  /** Differences hidden because they were only node-specific values. */
  hiddenChanges: number;
  /** Pretty-printed lines per side, changed paths marked; absent on the side without the file. */
  base?: DiffLineView[];
  target?: DiffLineView[];
  /** True when that side's lines stop early: the display limit of docs/snapshot-format.md was reached. */
  baseCut?: boolean;
  targetCut?: boolean;
  /** Path changes past the listed ones. */
  changesOmitted?: number;
  /** Both sides are JSON, but their arrays are too long to compare structurally: only the line diff is shown. */
  structuralSkipped?: { cells: number; limit: number };
  /** The line diff gave up: more differences than its budget allows. */
  lineDiffSkipped?: boolean;
  unified: string;
}

export interface DiffView {
  generatedAt: string;
  base: DiffSideView;
  target: DiffSideView;
  /** Set when the server chose the base. */
  choice?: { reason: ChoiceReason; description: string };
  ignoreNodeSpecific: boolean;
  files: DiffFileView[];
}

/** Only what selects the data: the view mode is the page's business. */
export function diffKey(state: DiffState): readonly unknown[] {
  const { base, target, baseRev, targetRev, ignore } = state;
  return [...queryKeys.all, 'diff', { base, target, baseRev, targetRev, ignore }] as const;
}

export function diffQuery(state: DiffState) {
  return queryOptions({
    queryKey: diffKey(state),
    queryFn: ({ signal }) => fetchJson<DiffView>(`/api/diff?${serialiseDiffState({ ...state, mode: 'side' })}`, { signal }),
    // The live stream invalidates it (a pinned view refetches the same revisions,
    // only "the node is now at revision M" moves); the interval is the safety net.
    refetchInterval: 15_000,
    retry: (count, error) => !(error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status < 500) && count < 2,
  });
}
