import type { ReactNode } from 'react';
import type { ActionSummaryView } from '@/lib/api/remediation';
import type { FindingView } from '@/lib/api/views';
import { daemonSetLookCommands } from '@/lib/remediation/kubectl';
import { inert, inertLine } from '@/components/ui/inert';
import { ActionList } from '@/components/remediation/ActionList';
import { KubectlCommands } from '@/components/remediation/KubectlCommands';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Advice' } as const;

interface Props {
  findings: FindingView[];
  actions: ActionSummaryView[];
  enabled: boolean;
  disabledReason?: string;
  onOpen: (action: ActionSummaryView) => void;
}

/**
 * Fleet-level findings (the Multus DaemonSet's hygiene), each with the fixes
 * that address it and how much of the fleet they touch, and the kubectl
 * commands to look for yourself: not why a node is broken now, but why the
 * incident can happen again at the next boot. Fixes no finding points to
 * come last.
 */
export function ClusterFindings({ findings, actions, enabled, disabledReason, onOpen }: Props): ReactNode {
  const claimed = new Set(findings.flatMap((f) => actions.filter((a) => a.fromFindings.includes(f.ruleId)).map((a) => a.id)));
  const rest = actions.filter((a) => !claimed.has(a.id));
  // The cluster-wide actions name the Multus DaemonSet these findings are about.
  const ds = actions.find((a) => a.target.kind === 'DaemonSet' && a.target.namespace)?.target;
  return (
    <>
      {findings.length > 0 && (
        <ul className="cluster-findings" data-testid="cluster-findings">
          {findings.map((f, i) => (
            <li key={`${f.ruleId}-${i}`} data-testid="cluster-finding" data-rule={f.ruleId}>
              <span className={`sev sev-${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span> <strong>{inertLine(f.title)}</strong>
              <p>{f.explanation}</p>
              {f.evidence.length > 0 && (
                <p className="evidence">
                  {f.evidence.map((e, j) => <code key={j}>{inert([e.file, e.jsonPath, e.pod, e.message].filter(Boolean).join(' · '))}</code>)}
                </p>
              )}
              {ds && <KubectlCommands look={daemonSetLookCommands(ds.namespace!, ds.name)} summary="kubectl: look for yourself" testId="cluster-finding-kubectl" />}
              <ActionList actions={actions.filter((a) => a.fromFindings.includes(f.ruleId))} enabled={enabled} disabledReason={disabledReason} onOpen={onOpen} />
            </li>
          ))}
        </ul>
      )}
      {rest.length > 0 && (
        <>
          {findings.length > 0 && <h3 className="small">Other fixes</h3>}
          <ActionList actions={rest} enabled={enabled} disabledReason={disabledReason} onOpen={onOpen} />
        </>
      )}
    </>
  );
}
