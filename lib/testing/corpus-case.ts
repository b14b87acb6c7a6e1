/**
 * One corpus case (corpus/, verbatim configs and messages from public
 * reports) analysed alone through the offline path, for rule tests.
 */
import { loadCorpus, type CorpusCase } from '@/corpus';
import { analyzeCase } from '@/corpus/run';
import type { AnalyzeNodeReport } from '@/lib/health/offline';

let cache: Map<string, CorpusCase> | undefined;

export function corpusCase(id: string): CorpusCase {
  cache ??= new Map(loadCorpus().map((c) => [c.id, c]));
  const c = cache.get(id);
  if (!c) throw new Error(`no corpus case "${id}"`);
  return c;
}

export function analyzeCorpusCase(id: string): AnalyzeNodeReport {
  return analyzeCase(corpusCase(id));
}

/** Findings of one rule at warning or error severity. */
export function raised(report: AnalyzeNodeReport, ruleId: string): AnalyzeNodeReport['findings'] {
  return report.findings.filter((f) => f.ruleId === ruleId && f.severity !== 'info');
}
