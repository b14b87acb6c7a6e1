'use client';

import { useState, type ReactNode } from 'react';
import { Modal } from '../Modal';
import rs from '../remediation.module.css';
import type { BulkDialogState } from './bulk-flow';
import { BulkPreviewPanel } from './BulkPreviewPanel';
import { BulkProgress } from './BulkProgress';
import { useBulkFlow } from './useBulkFlow';

function PreviewStep({ rule, action, onOperation, onClose }: { rule: string; action: string; onOperation: (id: string) => void; onClose: () => void }): ReactNode {
  const flow = useBulkFlow(rule, action, onOperation);
  return (
    <>
      {flow.changed && <p className={rs.changed} role="alert" data-testid="bulk-plan-changed">The situation changed since the preview, so nothing was started. This is the new plan: read it again.</p>}
      {flow.previewing && <p className="state-msg" role="status" data-testid="bulk-preview-loading">Planning every node and dry-running its calls…</p>}
      {flow.previewError && !flow.previewing && (
        <div className="state-msg error" role="alert" data-testid="bulk-preview-error">
          <strong>Cannot preview this bulk repair</strong>
          <p>{flow.previewError.message}</p>
          <button type="button" className={rs.secondary} onClick={flow.retry}>Try again</button>
        </div>
      )}
      {flow.preview && !flow.previewing && (
        <BulkPreviewPanel preview={flow.preview} applying={flow.applying} applyError={flow.applyError} onApply={flow.apply} onCancel={onClose} />
      )}
    </>
  );
}

/** Preview → typed count → progress, for one finding's repair on every node; the URL holds which (BulkOffers). */
export function BulkDialog({ state, title, onOperation, onClose }: { state: BulkDialogState; title: string; onOperation: (id: string) => void; onClose: () => void }): ReactNode {
  const [shownTitle] = useState(title);
  return (
    <Modal title={shownTitle} onClose={onClose} testId="bulk-dialog">
      {state.op
        ? <BulkProgress id={state.op} onClose={onClose} />
        : <PreviewStep rule={state.rule!} action={state.action!} onOperation={onOperation} onClose={onClose} />}
    </Modal>
  );
}
