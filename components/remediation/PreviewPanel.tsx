'use client';

import { useId, useState, type ReactNode } from 'react';
import type { PreviewView } from '@/lib/api/remediation';
import { applyDisabledReason } from './flow';
import { KubectlCommands } from './KubectlCommands';
import { PlannedCalls } from './PlannedCalls';
import { PermissionChecks, QosParams, SkippedItems } from './PreviewParams';
import type { FlowParams } from './useRemediationFlow';
import styles from './remediation.module.css';
import { inertLine } from '@/components/ui/inert';

interface Props {
  preview: PreviewView;
  params: FlowParams;
  onParams: (next: FlowParams) => void;
  applying: boolean;
  applyError: Error | null;
  onApply: (confirm: string) => void;
  onCancel: () => void;
}

/** Everything the action would do, read before anything runs; Apply only once it all checks out. */
export function PreviewPanel({ preview, params, onParams, applying, applyError, onApply, onCancel }: Props): ReactNode {
  const [typed, setTyped] = useState('');
  const confirmId = useId();
  const reasonId = useId();
  const reason = applyDisabledReason(preview, typed);
  const disabled = reason !== null || applying;

  return (
    <div className={styles.preview} data-testid="remediation-preview" data-action={preview.action} data-can-apply={preview.canApply}>
      <p className={styles.target}>
        {preview.target.kind} <strong data-testid="preview-target">{inertLine(`${preview.target.namespace ? `${preview.target.namespace}/` : ''}${preview.target.name}`)}</strong>
      </p>
      <p>{preview.description}</p>
      {preview.warnings.length > 0 && (
        <div className={styles.warnings} role="alert" data-testid="preview-warnings">
          <strong>Read before applying</strong>
          <ul>{preview.warnings.map((w) => <li key={w} data-testid="preview-warning">{w}</li>)}</ul>
        </div>
      )}
      {preview.blocked && <p className={styles.blocked} role="alert" data-testid="preview-blocked">Cannot run: {preview.blocked}</p>}
      {preview.qos && (
        <p data-testid="preview-qos" data-before={preview.qos.before} data-after={preview.qos.after}>
          QoS class of its pods: <strong>{preview.qos.before}</strong> → <strong>{preview.qos.after}</strong>
          {preview.qos.before === 'Guaranteed' && preview.qos.after !== 'Guaranteed' && <> (this change would make them evictable before Guaranteed pods)</>}
        </p>
      )}
      <QosParams preview={preview} params={params} onParams={onParams} />
      <PlannedCalls calls={preview.calls} />
      {preview.kubectl && preview.kubectl.length > 0 && <KubectlCommands does={{ commands: preview.kubectl }} summary="The same calls with kubectl" testId="preview-kubectl" />}
      <SkippedItems preview={preview} params={params} onParams={onParams} />
      <PermissionChecks preview={preview} />
      <form
        className={styles.confirm}
        onSubmit={(e) => {
          e.preventDefault();
          if (!disabled) onApply(typed);
        }}
      >
        {preview.confirmText && (
          <label htmlFor={confirmId} className={styles.confirmLabel}>
            <span>Type <code className={styles.confirmText}>{preview.confirmText}</code> to confirm</span>
            <input id={confirmId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-testid="confirm-input" aria-describedby={reason ? reasonId : undefined} />
          </label>
        )}
        {reason && <p id={reasonId} className="muted small" data-testid="apply-disabled-reason">{reason}</p>}
        {applyError && <p className={styles.blocked} role="alert" data-testid="apply-error">Apply failed: {applyError.message}. Nothing was reported as done; you can retry safely (the same request is sent, and the server acts once).</p>}
        <div className={styles.buttons}>
          <button type="button" className={styles.secondary} onClick={onCancel}>Cancel</button>
          <button type="submit" className={preview.target.kind === 'DaemonSet' || preview.confirmText ? styles.danger : styles.primary} disabled={disabled} data-testid="apply">
            {applying ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </div>
  );
}
