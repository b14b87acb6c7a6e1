'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { operationQuery, type OperationView, type StepState } from '@/lib/api/remediation';
import { Time } from '@/components/ui/Time';
import { isFinal, operationHeadline } from './flow';
import { PodsAfterFix } from './PodsAfterFix';
import { RolloutProgress } from './RolloutProgress';
import styles from './remediation.module.css';
import { inert } from '@/components/ui/inert';

const STEP_LABEL: Record<StepState, string> = { pending: 'waiting', running: 'running', done: 'done', failed: 'failed', skipped: 'skipped' };

function Steps({ op }: { op: OperationView }): ReactNode {
  return (
    <ol className={styles.steps} aria-label="Steps">
      {op.steps.map((s) => (
        <li key={s.id} data-testid="operation-step" data-step={s.id} data-state={s.state}>
          <span className={`${styles.stepState} ${styles[`step-${s.state}`] ?? ''}`}>{STEP_LABEL[s.state]}</span> {s.description}
          {s.message && <div className={styles.stepMsg}>{inert(s.message)}</div>}
        </li>
      ))}
    </ol>
  );
}

/** An operation as it runs: its steps, what the verification waits for, then one plain sentence. */
export function OperationProgress({ id, onClose }: { id: string; onClose: () => void }): ReactNode {
  const { data: op, error, isPending } = useQuery(operationQuery(id));
  if (isPending) return <p className="state-msg" role="status">Loading operation {id}…</p>;
  if (!op) {
    return (
      <div className="state-msg error" role="alert" data-testid="operation-error">
        <strong>Cannot load operation {id}</strong>
        <p>{error?.message}</p>
        <p>It may still be running: check the <Link prefetch={false} href="/audit">audit log</Link>.</p>
      </div>
    );
  }
  const head = operationHeadline(op);
  const final = isFinal(op.state);
  return (
    <div className={styles.progress} data-testid="operation" data-operation={op.id} data-state={op.state}>
      <p className={`${styles.headline} ${styles[`tone-${head.tone}`]}`} role="status" aria-live="polite" data-testid="operation-headline">{head.text}</p>
      <p className="muted small">Started <Time iso={op.startedAt} now={op.startedAt} show="absolute" /> as <strong>{op.user}</strong>{op.finishedAt && <>, finished <Time iso={op.finishedAt} now={op.startedAt} show="absolute" /></>}. Operation <code>{op.id}</code>.</p>
      <Steps op={op} />
      {op.verification && (
        <p className={styles.verification} data-testid="operation-verification">
          {final ? 'Checked for: ' : 'Waiting for '}{op.verification.waitingFor}{final ? '.' : '…'}
          {op.verification.lastSeen && <> Last seen: <span data-testid="verification-last-seen">{op.verification.lastSeen}</span>.</>}
          {op.verification.window && !final && <> It waits {op.verification.window}.</>}
        </p>
      )}
      {op.rollout && <RolloutProgress rollout={op.rollout} final={final} />}
      {op.outcome && <p className={`${styles.outcome} ${styles[`tone-${head.tone}`]}`} data-testid="operation-outcome">{op.outcome}</p>}
      {op.target.kind === 'Node' && <PodsAfterFix node={op.target.name} startedAt={op.startedAt} />}
      {op.audit && <p className="muted small" data-testid="operation-audit" data-state={op.audit.state}>Audit record: {op.audit.message}.</p>}
      {error && <p className="muted small" role="alert">Refreshing the progress failed: {error.message}. Showing the last state seen.</p>}
      <div className={styles.buttons}>
        {!final && <span className="muted small">Closing this does not stop it; the audit log records the outcome.</span>}
        <button type="button" className={final ? styles.primary : styles.secondary} onClick={onClose} data-testid="operation-close">Close</button>
      </div>
    </div>
  );
}
