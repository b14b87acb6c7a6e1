'use client';

import { useId, useState, type ReactNode } from 'react';
import type { BulkPreviewNodeView, BulkPreviewView } from '@/lib/api/bulk';
import { CopyButton } from '@/components/ui/CopyButton';
import { inert, inertLine } from '@/components/ui/inert';
import { KubectlCommands } from '../KubectlCommands';
import rs from '../remediation.module.css';
import { bulkApplyDisabledReason } from './bulk-flow';
import styles from './bulk.module.css';
import { VirtualRows } from './VirtualRows';

function NodeRow({ n }: { n: BulkPreviewNodeView }): ReactNode {
  return (
    <div data-testid="bulk-preview-node" data-node={n.node} data-dry-run={n.calls.every((c) => c.dryRun.ok)}>
      <span className={styles.nodeName}>{inertLine(n.node)}</span>
      <ul className={styles.calls}>
        {n.calls.map((c, i) => (
          <li key={i}>
            <code>{c.request}</code>{' '}
            {c.dryRun.ok ? <span className={styles.ok}>dry run accepted</span> : <span className={styles.bad}>{c.dryRun.status ? `dry run refused (HTTP ${c.dryRun.status}): ` : 'no dry run: '}{inert(c.dryRun.message ?? '')}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Props {
  preview: BulkPreviewView;
  applying: boolean;
  applyError: Error | null;
  onApply: (typed: string) => void;
  onCancel: () => void;
}

/** Every node and its calls (drawn as scrolled to), the permissions, then the typed count. */
export function BulkPreviewPanel({ preview: p, applying, applyError, onApply, onCancel }: Props): ReactNode {
  const [typed, setTyped] = useState('');
  const confirmId = useId();
  const reasonId = useId();
  const reason = bulkApplyDisabledReason(p, typed);
  const disabled = reason !== null || applying;
  const allCommands = p.nodes.map((n) => `# ${n.node.replace(/[^\x20-\x7e]/g, '?')}\n${n.kubectl.map((k) => k.command).join('\n')}`).join('\n');
  return (
    <div data-testid="bulk-preview" data-can-apply={p.canApply} data-count={p.nodes.length}>
      <p>{p.description}</p>
      <p>
        Finding <code>{p.ruleId}</code>: {inertLine(p.findingTitle)}. <strong data-testid="bulk-count">{p.nodes.length}</strong> node{p.nodes.length === 1 ? '' : 's'} to repair,{' '}
        at most <strong>{p.concurrency}</strong> at once, in this order. Each node is diagnosed again just before its turn (one whose finding is gone is skipped),
        then repaired, verified and audited on its own. The first node that fails to recover stops the rest.
      </p>
      {p.warnings.length > 0 && (
        <div className={rs.warnings} role="alert" data-testid="preview-warnings">
          <strong>Read before applying</strong>
          <ul>{p.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </div>
      )}
      <VirtualRows items={p.nodes} estimate={64} label="Nodes and their calls" testId="bulk-preview-nodes" row={(n) => <NodeRow n={n} />} />
      {p.nodes[0] && (
        <KubectlCommands does={{ commands: p.nodes[0].kubectl }} summary={`The same calls with kubectl (for ${p.nodes[0].node}; each node has its own)`} testId="bulk-kubectl" />
      )}
      {p.nodes.length > 0 && <p className="small">Every node&apos;s commands: <CopyButton text={allCommands} label={`the kubectl commands for all ${p.nodes.length} nodes`} testId="bulk-copy-all" /></p>}
      {p.excluded.length > 0 && (
        <details className={styles.excluded} data-testid="bulk-excluded">
          <summary>{p.excluded.length} node{p.excluded.length === 1 ? '' : 's'} with this finding left out</summary>
          <ul>{p.excluded.slice(0, 200).map((e) => <li key={e.node}><strong>{inertLine(e.node)}</strong>: {e.why}</li>)}</ul>
        </details>
      )}
      <ul className={rs.checks} aria-label="Permissions">
        {p.permission.checks.map((c, i) => (
          <li key={i}><span className={c.allowed ? rs.allowed : rs.denied}>{c.allowed ? 'allowed' : 'denied'}</span> {c.verb} {c.resource}{c.namespace ? ` in ${c.namespace}` : ''}</li>
        ))}
      </ul>
      <form className={rs.confirm} onSubmit={(e) => { e.preventDefault(); if (!disabled) onApply(typed); }}>
        <label htmlFor={confirmId} className={rs.confirmLabel}>
          <span>Type the number of nodes, <code className={rs.confirmText}>{p.confirmText}</code>, to confirm</span>
          <input id={confirmId} value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="numeric" autoComplete="off" spellCheck={false}
            data-testid="bulk-confirm-input" aria-describedby={reason ? reasonId : undefined} autoFocus />
        </label>
        {reason && <p id={reasonId} className="muted small" data-testid="bulk-apply-disabled-reason">{reason}</p>}
        {applyError && <p className={rs.blocked} role="alert" data-testid="bulk-apply-error">Apply failed: {applyError.message}. Nothing was started; you can retry safely (the server acts once).</p>}
        <div className={rs.buttons}>
          <button type="button" className={rs.secondary} onClick={onCancel}>Cancel</button>
          <button type="submit" className={rs.danger} disabled={disabled} data-testid="bulk-apply">
            {applying ? 'Starting…' : `Repair ${p.nodes.length} node${p.nodes.length === 1 ? '' : 's'}`}
          </button>
        </div>
      </form>
    </div>
  );
}
