/**
 * Precision and recall of the diagnosis on the corpus, per failure class.
 * Pure: the results of a run in, the table out (scripts/corpus-report.ts
 * prints it; corpus.test.ts checks docs/diagnosis.md holds the same).
 *
 * For a class C, its rules are those the broken cases of C expect.
 * - recall: broken cases of C that came out non-healthy with every expected rule, over all broken cases of C;
 * - precision: those detected cases, over them plus the healthy cases on which one of C's rules was raised
 *   (at warning or error). A broken case of another class that also trips a rule of C is not counted
 *   against C: the node is broken, and more than one thing can be wrong with it.
 */
import { CORPUS_CLASSES, type CorpusClass, type CorpusManifest } from './index';

export interface CaseResult {
  manifest: CorpusManifest;
  verdict: 'healthy' | 'degraded' | 'broken' | 'unknown';
  /** Rule ids raised at warning or error severity. */
  raised: string[];
}

export interface ClassRow {
  class: CorpusClass;
  broken: number;
  detected: number;
  healthyFlagged: number;
  precision: number;
  recall: number;
}

export function isDetected(r: CaseResult): boolean {
  return r.verdict !== 'healthy' && r.verdict !== 'unknown' && r.manifest.expect.rules.every((id) => r.raised.includes(id));
}

export function classTable(results: readonly CaseResult[]): ClassRow[] {
  const healthy = results.filter((r) => r.manifest.expect.verdict === 'healthy');
  return CORPUS_CLASSES.filter((c) => c !== 'healthy').flatMap((c): ClassRow[] => {
    const cases = results.filter((r) => r.manifest.class === c && r.manifest.expect.verdict !== 'healthy');
    if (cases.length === 0) return [];
    const rules = new Set(cases.flatMap((r) => r.manifest.expect.rules));
    const detected = cases.filter(isDetected).length;
    const healthyFlagged = healthy.filter((r) => r.raised.some((id) => rules.has(id))).length;
    return [{
      class: c,
      broken: cases.length,
      detected,
      healthyFlagged,
      precision: detected + healthyFlagged === 0 ? 1 : detected / (detected + healthyFlagged),
      recall: detected / cases.length,
    }];
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const ids = (rs: readonly CaseResult[]): string => rs.map((r) => `\`${r.manifest.id}\``).join(', ') || 'none';

/** The Markdown table docs/diagnosis.md carries between its corpus markers. */
export function renderTable(results: readonly CaseResult[]): string {
  const rows = classTable(results);
  const healthy = results.filter((r) => r.manifest.expect.verdict === 'healthy');
  const flagged = healthy.filter((r) => r.verdict !== 'healthy').length;
  const broken = results.filter((r) => r.manifest.expect.verdict !== 'healthy');
  const missed = broken.filter((r) => r.verdict === 'healthy' || r.verdict === 'unknown').length;
  return [
    '| Class | Broken cases | Detected | Healthy cases flagged by its rules | Precision | Recall |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.class} | ${r.broken} | ${r.detected} | ${r.healthyFlagged} | ${pct(r.precision)} | ${pct(r.recall)} |`),
    '',
    `${results.length} cases: ${broken.length} broken (${missed} left healthy), ${healthy.length} healthy (${flagged} flagged).`
      + ` Seen only in part offline (their symptom is in pods, which bundles do not carry): ${ids(results.filter((r) => r.manifest.offline))}.`
      + ` Seen only in part on the cluster path (known from container runtime log lines, which have no Kubernetes object): ${ids(results.filter((r) => r.manifest.cluster))}.`,
  ].join('\n');
}
