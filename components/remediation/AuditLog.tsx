'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api/queries';
import { auditQuery, type AuditEntryView } from '@/lib/api/remediation';
import { Time } from '@/components/ui/Time';
import styles from './remediation.module.css';
import { inert } from '@/components/ui/inert';
import { Skeleton } from '@/components/ui/Skeleton';

const OUTCOME_TONE: Record<AuditEntryView['outcome'], 'ok' | 'bad' | 'progress'> = {
  succeeded: 'ok', failed: 'bad', 'timed-out': 'bad', rejected: 'bad', started: 'progress',
};

/** `Node/<name>` links to the node's page; other targets (`DaemonSet/ns/name`) are shown as they are. */
function Target({ target }: { target: string }): ReactNode {
  const node = /^Node\/([^/]+)$/.exec(target)?.[1];
  return node ? <Link prefetch={false} href={`/nodes/${encodeURIComponent(node)}`}>{target}</Link> : target;
}

/** Past remediations, newest first, from the audit Events the server recorded. */
export function AuditLog(): ReactNode {
  const { data, error, isPending, dataUpdatedAt } = useQuery(auditQuery());
  if (isPending) return <Skeleton shape="rows" label="Loading the audit log…" />;
  if (!data) {
    const unconfigured = error instanceof ApiError && error.body.code === 'unconfigured';
    return (
      <div className="state-msg error" role="alert" data-testid="audit-error">
        <strong>{unconfigured ? 'No cluster configured' : 'Cannot load the audit log'}</strong>
        <p>{error?.message}</p>
      </div>
    );
  }
  // Sorted here too: newest first is the page's promise, whatever order the Events came in.
  const entries = [...data.entries].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  return (
    <section className={styles.audit} aria-labelledby="audit-title" data-testid="audit">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted small" data-testid="audit-retention">
        Every remediation attempt, as recorded in Kubernetes Events on the object it acted on. Newest first.
        The API server deletes an Event an hour after its last update (kube-apiserver <code>--event-ttl</code>, 1 h unless your cluster sets it),
        so this shows about the last hour; the dashboard&apos;s JSON log lines keep the full record.
      </p>
      {error && <p className="banner warn" role="alert">Refreshing failed: {error.message}. Showing the last list loaded.</p>}
      {entries.length === 0 ? (
        <p className="state-msg" data-testid="audit-empty">No remediation recorded within the API server&apos;s Event retention (about the last hour).</p>
      ) : (
        <table className={`${styles.auditTable} stack-table`}>
          <thead>
            <tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">User</th><th scope="col">Outcome</th><th scope="col">Message</th></tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={`${e.time}-${e.action}-${e.target}-${i}`} data-testid="audit-entry" data-action={e.action} data-target={e.target} data-user={e.user} data-outcome={e.outcome}>
                <td data-label="Time" className={styles.nowrap}><Time iso={e.time} now={dataUpdatedAt} /></td>
                <td data-label="Action"><code>{e.action}</code></td>
                <td data-label="Target"><Target target={e.target} /></td>
                <td data-label="User">{e.user}</td>
                <td data-label="Outcome"><span className={`${styles.badge} ${styles[`tone-${OUTCOME_TONE[e.outcome]}`]}`}>{e.outcome}</span></td>
                <td data-label="Message" className={styles.message}>{inert(e.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
