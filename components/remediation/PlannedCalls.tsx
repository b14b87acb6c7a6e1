import type { ReactNode } from 'react';
import type { PlannedCallView } from '@/lib/api/remediation';
import { FileChangePreview } from './FileChangePreview';
import { ObjectDiff } from './ObjectDiff';
import styles from './remediation.module.css';
import { inert } from '@/components/ui/inert';

function DryRun({ call }: { call: PlannedCallView }): ReactNode {
  const r = call.dryRun;
  if (r.ok) return <p className={styles.dryOk} data-testid="dry-run" data-ok="true">Dry-run: accepted by the API server</p>;
  // Without a status the server did not dry-run at all (the action cannot run as things stand): not a refusal.
  if (r.status === undefined) return <p className={styles.dryNone} data-testid="dry-run" data-ok="false">No dry-run: {inert(r.message ?? 'not attempted')}</p>;
  return (
    <p className={styles.dryFail} data-testid="dry-run" data-ok="false" role="alert">
      Dry-run refused (HTTP {r.status}): <span data-testid="dry-run-message">{inert(r.message ?? 'no message')}</span>
    </p>
  );
}

function Call({ call }: { call: PlannedCallView }): ReactNode {
  const [method, ...rest] = call.request.split(' ');
  return (
    <li className={styles.call} data-testid="planned-call" data-call={call.id} data-verb={call.verb}>
      <p className={styles.request}>
        <span className={styles.method} data-testid="call-method">{method}</span> <code data-testid="call-path">{rest.join(' ')}</code>
        {call.patchType && <span className="muted small"> ({call.patchType} patch)</span>}
      </p>
      <p className={styles.callDesc}>{call.description}</p>
      <DryRun call={call} />
      {call.diff && <ObjectDiff diff={call.diff} />}
      {call.fileChange && <FileChangePreview change={call.fileChange} />}
      {call.body !== undefined && (
        <details className={styles.body}>
          <summary>Request body</summary>
          <pre tabIndex={0}>{JSON.stringify(call.body, null, 2)}</pre>
        </details>
      )}
    </li>
  );
}

/** The API calls, in order, each with its dry-run result and, for a patch, what it changes. */
export function PlannedCalls({ calls }: { calls: PlannedCallView[] }): ReactNode {
  if (calls.length === 0) return <p className="muted" data-testid="no-calls">No API call would be made.</p>;
  return (
    <section aria-label="API calls">
      <h3 className={styles.h3}>API calls, in order</h3>
      <ol className={styles.calls}>
        {calls.map((c) => <Call key={c.id} call={c} />)}
      </ol>
    </section>
  );
}
