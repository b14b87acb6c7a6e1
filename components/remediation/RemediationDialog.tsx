'use client';

import { useState, type ReactNode } from 'react';
import { Modal } from './Modal';
import { OperationProgress } from './OperationProgress';
import { PreviewPanel } from './PreviewPanel';
import { useRemediationFlow } from './useRemediationFlow';
import styles from './remediation.module.css';

interface Props {
  action: string;
  title: string;
  /** The node for node-scoped actions; absent for cluster-wide ones. */
  node?: string;
  /** An operation already started (from the URL): show its progress, not a new preview. */
  operation?: string;
  onOperation: (id: string) => void;
  onClose: () => void;
}

/** Preview → confirm → apply → progress, for one action, in a modal. */
export function RemediationDialog({ action, title, node, operation, onOperation, onClose }: Props): ReactNode {
  const flow = useRemediationFlow(action, node, operation, onOperation);
  // The title as the dialog opened: a repaired node no longer offers its repair, and the list would lose it.
  const [shownTitle] = useState(title);
  return (
    <Modal title={shownTitle} onClose={onClose} testId="remediation-dialog">
      {flow.operationId ? (
        <OperationProgress id={flow.operationId} onClose={onClose} />
      ) : (
        <>
          {flow.changed && (
            <p className={styles.changed} role="alert" data-testid="plan-changed">
              The situation changed since the preview, so nothing was applied. This is the new plan: read it again.
            </p>
          )}
          {flow.previewing && <p className="state-msg" role="status" data-testid="preview-loading">Planning and dry-running…</p>}
          {flow.previewError && !flow.previewing && (
            <div className="state-msg error" role="alert" data-testid="preview-error">
              <strong>Cannot preview this action</strong>
              <p>{flow.previewError.message}</p>
              <button type="button" className={styles.secondary} onClick={() => flow.setParams({ ...flow.params })}>Try again</button>
            </div>
          )}
          {flow.preview && !flow.previewing && (
            <PreviewPanel
              preview={flow.preview}
              params={flow.params}
              onParams={flow.setParams}
              applying={flow.applying}
              applyError={flow.applyError}
              onApply={flow.apply}
              onCancel={onClose}
            />
          )}
        </>
      )}
    </Modal>
  );
}
