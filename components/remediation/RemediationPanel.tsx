'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { remediationsQuery, type ActionSummaryView } from '@/lib/api/remediation';
import type { FindingView } from '@/lib/api/views';
import { ClusterFindings } from '@/components/findings/ClusterFindings';
import { ActionList } from './ActionList';
import { dialogFromSearch, withDialogParams } from './flow';
import { RemediationDialog } from './RemediationDialog';
import styles from './remediation.module.css';

interface Props {
  /** Node-scoped actions for this node, or the cluster-wide ones when absent. */
  node?: string;
  title: string;
  emptyText: string;
  testId: string;
  /** Findings to list, each with the actions that fix it (the cluster-wide ones). */
  findings?: FindingView[];
}

/**
 * The open dialog lives in the URL (`?remediate=<action>&op=<operation>`), so
 * a reload or a pasted link reopens the same preview or the same progress.
 * history.replaceState keeps Next's router in sync without a server round trip.
 */
function setDialog(next: { remediate?: string; op?: string }): void {
  const search = withDialogParams(window.location.search, next);
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
}

export function RemediationPanel({ node, title, emptyText, testId, findings }: Props): ReactNode {
  const { data, error, isPending } = useQuery(remediationsQuery(node));
  const search = useSearchParams();
  const open = data ? dialogFromSearch(search, data.actions) : null;
  const openAction = open ? data?.actions.find((a) => a.id === open.action) : undefined;
  const headingId = `${testId}-title`;

  let body: ReactNode;
  if (isPending) body = <p className="muted" role="status">Loading actions…</p>;
  else if (!data) body = <p className={styles.blocked} role="alert" data-testid="remediations-error">Cannot load the actions: {error?.message}</p>;
  else {
    body = (
      <>
        {!data.enabled && (
          <p className={styles.off} role="note" data-testid="remediations-disabled">
            Read-only: {data.disabledReason ?? 'remediation is turned off for this dashboard.'}
          </p>
        )}
        {findings ? (
          <ClusterFindings findings={findings} actions={data.actions} enabled={data.enabled} disabledReason={data.disabledReason} onOpen={(a: ActionSummaryView) => setDialog({ remediate: a.id })} />
        ) : null}
        {data.actions.length === 0 ? (
          <p className="muted" data-testid="remediations-empty">{emptyText}</p>
        ) : findings ? null : (
          <ActionList actions={data.actions} enabled={data.enabled} disabledReason={data.disabledReason} onOpen={(a: ActionSummaryView) => setDialog({ remediate: a.id })} />
        )}
        {error && <p className="muted small" role="alert">Refreshing the actions failed: {error.message}</p>}
      </>
    );
  }

  return (
    <section className={styles.panel} aria-labelledby={headingId} data-testid={testId}>
      <div className={styles.panelHead}>
        <h2 id={headingId}>{title}</h2>
        {data && <span className="muted small" data-testid="acting-as">acting as <strong>{data.identity.user}</strong></span>}
      </div>
      {body}
      {open && (
        <RemediationDialog
          key={open.action}
          action={open.action}
          title={openAction?.title ?? open.action}
          node={node}
          operation={open.op}
          onOperation={(id) => setDialog({ remediate: open.action, op: id })}
          onClose={() => setDialog({})}
        />
      )}
    </section>
  );
}
