'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { KubectlCommands } from '@/components/remediation/KubectlCommands';
import { remediationsQuery } from '@/lib/api/remediation';
import type { FindingView } from '@/lib/api/views';
import { daemonSetLookCommands } from '@/lib/remediation/kubectl';
import { inert, inertLine } from '@/components/ui/inert';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Advice' } as const;

/**
 * Fleet-level findings (the Multus DaemonSet's hygiene): not why a node is
 * broken now, but why the incident can happen again at the next boot.
 */
export function ClusterFindings({ findings }: { findings: FindingView[] }): ReactNode {
  // The cluster-wide actions' query (shared with the fixes below) names the Multus DaemonSet these findings are about.
  const { data } = useQuery(remediationsQuery());
  const ds = data?.actions.find((a) => a.target.kind === 'DaemonSet' && a.target.namespace)?.target;
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
            {ds && <KubectlCommands look={daemonSetLookCommands(ds.namespace!, ds.name)} summary="kubectl: look for yourself" testId="cluster-finding-kubectl" />}
          </li>
        ))}
      </ul>
    </details>
  );
}
