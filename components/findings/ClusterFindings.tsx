import type { ReactNode } from 'react';
import type { FindingView } from '@/lib/api/views';
import { inert, inertLine } from '@/components/ui/inert';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Advice' } as const;

/**
 * Fleet-level findings (the Multus DaemonSet's hygiene): not why a node is
 * broken now, but why the incident can happen again at the next boot.
 */
export function ClusterFindings({ findings }: { findings: FindingView[] }): ReactNode {
  if (findings.length === 0) return null;
  return (
    <details className="cluster-findings" data-testid="cluster-findings">
      <summary>
        <strong>{findings.length}</strong> cluster-wide finding{findings.length === 1 ? '' : 's'}: why this can happen again
      </summary>
      <ul>
        {findings.map((f, i) => (
          <li key={`${f.ruleId}-${i}`} data-rule={f.ruleId}>
            <span className={`sev sev-${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span> <strong>{inertLine(f.title)}</strong>
            <p>{f.explanation}</p>
            {f.evidence.length > 0 && (
              <p className="evidence">
                {f.evidence.map((e, j) => <code key={j}>{inert([e.file, e.jsonPath, e.pod, e.message].filter(Boolean).join(' · '))}</code>)}
              </p>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
