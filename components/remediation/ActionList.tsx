import { useId, type ReactNode } from 'react';
import type { ActionSummaryView } from '@/lib/api/remediation';
import { actionAnchor } from './anchors';
import { actionDisabledReason } from './flow';
import { KubectlCommands } from './KubectlCommands';
import styles from './remediation.module.css';

interface Props {
  actions: ActionSummaryView[];
  enabled: boolean;
  disabledReason?: string;
  onOpen: (action: ActionSummaryView) => void;
}

function ActionItem({ action, enabled, disabledReason, onOpen }: Omit<Props, 'actions'> & { action: ActionSummaryView }): ReactNode {
  const reasonId = useId();
  const reason = actionDisabledReason(action, enabled, disabledReason);
  const fixes = action.fromFindings.length > 0 ? `Fixes ${action.fromFindings.join(', ')}.` : null;
  return (
    <>
    <li className={styles.action} id={actionAnchor(action.id)} data-testid="remediation-action" data-action={action.id} data-disabled={reason !== null}>
      {/* The reason is visible text tied to the button, since a disabled button cannot take focus for a tooltip. */}
      {/* A cluster-wide fix is weighed, not hit: its size is said beside it, and the button stays quiet. */}
      <button type="button" className={action.scope === 'cluster' ? styles.secondary : action.disruptive ? styles.danger : styles.primary} disabled={reason !== null} aria-describedby={reason ? reasonId : undefined} onClick={() => onOpen(action)}>
        {action.title}…
      </button>
      <div className={styles.actionText}>
        <span className="muted small">{action.description}{fixes && <> {fixes}</>}</span>
        {action.blastRadius && <span className={styles.blast} data-testid="blast-radius" data-nodes={action.blastRadius.nodes}>{action.blastRadius.text}</span>}
        {reason && <span id={reasonId} className={styles.reason} data-testid="action-disabled-reason">Not available: {reason}</span>}
      </div>
    </li>
    {/* Its own list item: the action's item keeps one button, the commands fold on their own. */}
    {action.kubectl && <li className={styles.kubectlRow} data-kubectl-for={action.id}><KubectlCommands does={action.kubectl} summary={`kubectl equivalent of "${action.title}"`} testId="action-kubectl" /></li>}
    </>
  );
}

/** One button per action, usable or not (with the reason), and advice as plain instructions. */
export function ActionList({ actions, enabled, disabledReason, onOpen }: Props): ReactNode {
  const doable = actions.filter((a) => a.kind === 'action');
  const advice = actions.filter((a) => a.kind === 'advice');
  return (
    <>
      {doable.length > 0 && (
        <ul className={styles.actions}>
          {doable.map((a) => <ActionItem key={a.id} action={a} enabled={enabled} disabledReason={disabledReason} onOpen={onOpen} />)}
        </ul>
      )}
      {advice.length > 0 && (
        <div data-testid="remediation-advice-list">
          <h3 className={styles.h3}>To do by hand</h3>
          <ul className={styles.advice}>
            {advice.map((a) => (
              <li key={a.id} id={actionAnchor(a.id)} data-testid="remediation-advice" data-action={a.id}>
                <strong>{a.title}</strong>: {a.description}
                <KubectlCommands does={a.kubectl} summary="kubectl" testId="advice-kubectl" />
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
