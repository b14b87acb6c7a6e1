import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiffState } from '@/lib/api/diff';
import { LINE_DIFF_MAX_WORK, RENDER_VIEW_MAX_CHARS, RENDER_VIEW_MAX_LINES, STRUCTURAL_DIFF_MAX_CELLS } from '@/lib/cni/limits';
import type { SnapshotFile } from '@/lib/cni/snapshot';
import type { ClusterCache, ClusterState } from '@/lib/k8s/cache';
import { AWS_CONFLIST, T0, aFile, aNode, aSnapshot, at } from '@/lib/testing/models';
import { buildDiffView } from './diff';
import { diffFileResults } from './diff-files';

/** A valid conflist carrying one long array, as a hostile agent could publish. */
const withArray = (length: number, seed: number): SnapshotFile =>
  aFile('10-aws.conflist', { ...AWS_CONFLIST, vlans: Array.from({ length }, (_, i) => (i * seed) % 4096) });

function cacheWith(base: SnapshotFile, target: SnapshotFile): ClusterCache {
  const state: ClusterState = {
    nodes: [aNode('ref'), aNode('hostile')],
    pods: [], events: [], daemonsets: [],
    snapshots: [aSnapshot('ref', [base], { collectedAt: at(-1) }), aSnapshot('hostile', [target], { collectedAt: at(-1) })],
    probes: [],
  };
  return { state: () => state } as unknown as ClusterCache;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const req: DiffState = { target: 'hostile', base: 'ref', ignore: true, mode: 'side' };

describe('diff of hostile snapshots', () => {
  it.each([9_000, 14_000])('compares %i-element arrays line by line, with bounded work, instead of structurally', (length) => {
    const base = withArray(length, 3);
    const target = withArray(length, 7);
    const r = buildDiffView(cacheWith(base, target), req, T0);
    if (!r.ok) throw new Error(r.error);
    const [file] = r.view.files;
    expect(file).toMatchObject({ file: '10-aws.conflist', status: 'changed', json: false, changes: [] });
    expect(file!.structuralSkipped?.limit).toBe(STRUCTURAL_DIFF_MAX_CELLS);
    expect(file!.structuralSkipped!.cells).toBeGreaterThan(STRUCTURAL_DIFF_MAX_CELLS);
    // The route's own function, with its work counters: no LCS ran, the line diff stayed in its budget.
    const { work } = diffFileResults({ node: 'ref', revision: 1, files: [base] }, { node: 'hostile', revision: 1, files: [target] }, true);
    expect(work.map((w) => w.structuralCells)).toEqual(work.map(() => 0));
    expect(work.some((w) => w.lineComparisons > 0)).toBe(true);
    expect(sum(work.map((w) => w.lineWork))).toBeLessThanOrEqual(LINE_DIFF_MAX_WORK);
    const shown = [...file!.base!, ...file!.target!];
    expect(shown.length).toBeLessThanOrEqual(RENDER_VIEW_MAX_LINES);
    expect(JSON.stringify(r.view).length).toBeLessThan(3 * RENDER_VIEW_MAX_CHARS);
  });

  it('still diffs ordinary arrays structurally', () => {
    const base = withArray(20, 3);
    const target = withArray(21, 3);
    const [file] = diffFileResults({ node: 'ref', revision: 1, files: [base] }, { node: 'hostile', revision: 1, files: [target] }, false).views;
    expect(file!.structuralSkipped).toBeUndefined();
    expect(file!.changes).toEqual([{ op: 'add', path: '$.vlans[20]' }]);
  });

  it('never throws and stays within its bounds, whatever two configs hold', () => {
    const doc = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v));
    const content = fc.oneof(doc, fc.string({ maxLength: 300 }), fc.array(fc.integer(), { minLength: 0, maxLength: 2_000 }).map((a) => JSON.stringify({ type: 'x', a })));
    fc.assert(fc.property(content, content, (a, b) => {
      const { views, work } = diffFileResults({ node: 'a', revision: 1, files: [aFile('10-x.conf', a)] }, { node: 'b', revision: 1, files: [aFile('10-x.conf', b)] }, false);
      expect(sum(work.map((w) => w.structuralCells))).toBeLessThanOrEqual(STRUCTURAL_DIFF_MAX_CELLS);
      expect(sum(work.map((w) => w.lineWork))).toBeLessThanOrEqual(LINE_DIFF_MAX_WORK);
      const lines = views.flatMap((v) => [...(v.base ?? []), ...(v.target ?? [])]);
      expect(lines.length).toBeLessThanOrEqual(RENDER_VIEW_MAX_LINES + 2);
      expect(lines.reduce((n, l) => n + l.text.length + (l.path?.length ?? 0), 0)).toBeLessThanOrEqual(RENDER_VIEW_MAX_CHARS + 4_000);
    }), { numRuns: 60 });
  });
});
