/**
 * Every corpus case through `npm run analyze` (the CLI, once, on the whole
 * nodes folder: the shape of a must-gather) and in-process case by case.
 * Broken cases must come out non-healthy with their expected rules, healthy
 * ones with no warning or error. Sources: each case's manifest (corpus/manifest/).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalyzeReport } from '@/lib/health/offline';
import { CORPUS_NODES_DIR, loadCorpus } from '@/corpus';
import { renderTable } from '@/corpus/metrics';
import { analyzeCase, raisedRules, runOffline } from '@/corpus/run';
import { DOC, withTable } from './corpus-report';

const cases = loadCorpus();

describe('corpus, offline, case by case', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const want = c.offline ?? c.expect;
    const node = analyzeCase(c);
    const raised = raisedRules(node);
    if (want.verdict === 'healthy') expect(raised).toEqual([]);
    for (const id of want.rules) expect(raised).toContain(id);
    expect(node.verdict).toBe(want.verdict);
  });

  it('names the Multus self-nesting first on every case of the incident', () => {
    const incident = cases.filter((c) => c.class === 'multus-incident');
    expect(incident.length).toBeGreaterThan(0);
    for (const c of incident) expect(analyzeCase(c).findings[0]?.ruleId).toBe('multus-nested-delegates');
  });
});

describe('corpus through npm run analyze', () => {
  it('reads the nodes folder as a bundle and agrees with every manifest', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/analyze.ts', CORPUS_NODES_DIR, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // 1: some node has an error finding (the broken cases do); 2 would be a usage or budget failure.
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as AnalyzeReport;
    expect(report.nodes.map((n) => n.node).sort()).toEqual(cases.map((c) => c.id).sort());
    for (const c of cases) {
      const node = report.nodes.find((n) => n.node === c.id)!;
      const raised = raisedRules(node);
      const want = c.offline ?? c.expect;
      expect({ id: c.id, healthy: node.verdict === 'healthy' }).toEqual({ id: c.id, healthy: want.verdict === 'healthy' });
      for (const id of want.rules) expect({ id: c.id, raised: raised.includes(id) ? id : raised }).toEqual({ id: c.id, raised: id });
    }
  }, 120_000);
});

describe('corpus report', () => {
  it('docs/diagnosis.md carries the table the corpus gives today (npx tsx scripts/corpus-report.ts --write)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toBe(withTable(doc, renderTable(runOffline(cases))));
  });

  it('holds at least 40 cases, with healthy layouts of every major CNI', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const healthy = new Set(cases.filter((c) => c.expect.verdict === 'healthy').map((c) => c.cni));
    for (const cni of ['aws-vpc-cni', 'calico', 'cilium', 'flannel', 'ovn-kubernetes', 'azure-cni', 'canal', 'multus']) expect(healthy).toContain(cni);
  });
});
