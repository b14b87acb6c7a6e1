import type { ReactNode } from 'react';
import type { Evidence, FindingView, Verdict } from '@/lib/api/views';
import { fileAnchor } from './format';
import styles from './detail.module.css';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function EvidenceItem({ e }: { e: Evidence }): ReactNode {
  return (
    <li data-testid="evidence" data-file={e.file} data-path={e.jsonPath}>
      {e.file && (
        <a href={`#${fileAnchor(e.file)}`} className={styles.evFile}>
          {e.file}
          {e.jsonPath && <code> {e.jsonPath}</code>}
          {e.line !== undefined && <span> line {e.line}{e.column !== undefined ? `:${e.column}` : ''}</span>}
        </a>
      )}
      {e.pod && <span className={styles.evPod}>pod <code>{e.pod}</code></span>}
      {e.signature && <span className={styles.evSig}>signature <code>{e.signature}</code></span>}
      {e.message && <q className={styles.evMsg}>{e.message}</q>}
    </li>
  );
}

/** Why the node has its verdict, most severe first, each with the evidence it rests on and what fixes it. */
export function FindingList({ findings, verdict }: { findings: FindingView[]; verdict: Verdict }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      {findings.length === 0 ? (
        <p className="muted" data-testid="no-findings">
          {verdict === 'unknown' ? 'Nothing found, but without a fresh CNI snapshot there is little to check.' : 'No problems found on this node.'}
        </p>
      ) : (
        <ol className={styles.findings}>
          {findings.map((f, i) => (
            <li key={`${f.ruleId}-${i}`} className={styles.finding} data-testid="finding" data-rule={f.ruleId} data-severity={f.severity}>
              <div className={styles.findingHead}>
                <span className={`sev sev-${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span>
                <strong>{f.title}</strong>
                <code className={styles.rule}>{f.ruleId}</code>
              </div>
              <p>{f.explanation}</p>
              {f.evidence.length > 0 && (
                <ul className={styles.evidence} aria-label="Evidence">
                  {f.evidence.map((e, j) => <EvidenceItem key={j} e={e} />)}
                </ul>
              )}
              {f.remediations.length > 0 && (
                <p className={styles.remediations}>
                  Fix:{' '}
                  {f.remediations.map((r) => <span key={r} className={styles.remediation} data-testid="remediation" data-remediation={r}>{r}</span>)}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
