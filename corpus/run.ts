/**
 * Runs corpus cases through the offline path in-process: each case alone,
 * as its own bundle (a case is one node of its own cluster; analysing them
 * together would compare unrelated clusters for drift).
 */
import { analyzeBundle, type AnalyzeNodeReport } from '@/lib/health/offline';
import type { CorpusCase } from './index';
import type { CaseResult } from './metrics';

/** A fixed clock: nothing in a bundle depends on it but the report's generatedAt. */
export const CORPUS_NOW = Date.parse('2026-12-01T12:00:00Z');

export const raisedRules = (n: Pick<AnalyzeNodeReport, 'findings'>): string[] =>
  [...new Set(n.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId))];

export function analyzeCase(c: CorpusCase, now = CORPUS_NOW): AnalyzeNodeReport {
  return analyzeBundle([c.node], now).nodes[0]!;
}

export function runOffline(cases: readonly CorpusCase[], now = CORPUS_NOW): CaseResult[] {
  return cases.map((c) => {
    const node = analyzeCase(c, now);
    return { manifest: c, verdict: node.verdict, raised: raisedRules(node) };
  });
}
