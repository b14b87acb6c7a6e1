/** The diagnosis vocabulary: verdicts, severities, findings and their evidence. */

export type Verdict = 'healthy' | 'degraded' | 'broken' | 'unknown';
/** Worst first: the order of counts, legends and sorting. */
export const VERDICTS: readonly Verdict[] = ['broken', 'degraded', 'unknown', 'healthy'];

export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  /** File in the node's CNI config directory. */
  file?: string;
  /** JSON path inside that file, e.g. `$.delegates[0]`. */
  jsonPath?: string;
  /** Event or condition text, verbatim. */
  message?: string;
  /** `namespace/name` of a pod. */
  pod?: string;
  /** 1-based position in `file` (invalid JSON, duplicate keys). */
  line?: number;
  column?: number;
  /** Id of the sandbox-failure signature the message matched (lib/health/signatures.ts). */
  signature?: string;
  /**
   * When what the message says happened (RFC 3339, as the API server wrote it);
   * the message reads on with "at <time>". Kept apart from the text so each
   * viewer reads it in their own zone.
   */
  at?: string;
}

export interface Finding {
  /** Stable kebab-case id; links, filters and docs key on it. */
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  evidence: Evidence[];
  /** Ids of the remediations that fix it. */
  remediations: string[];
  /**
   * Another finding on the same node that explains this one (a crash-looping
   * primary CNI agent behind a missing config): its rule id and title.
   */
  cause?: { ruleId: string; title: string };
}
