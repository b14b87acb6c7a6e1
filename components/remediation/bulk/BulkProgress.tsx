'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { bulkKeys, bulkOperationQuery, cancelBulk, type BulkNodeProgressView, type BulkNodeStateView } from '@/lib/api/bulk';
import { CopyButton } from '@/components/ui/CopyButton';
import { inert, inertLine } from '@/components/ui/inert';
import { Time } from '@/components/ui/Time';
import rs from '../remediation.module.css';
import { bulkHeadline, isBulkFinal } from './bulk-flow';
import styles from './bulk.module.css';
import { VirtualRows } from './VirtualRows';

const ORDER: BulkNodeStateView[] = ['queued', 'running', 'verified', 'failed', 'skipped'];

function NodeRow({ n }: { n: BulkNodeProgressView }): ReactNode {
  return (
    <div data-testid="bulk-node" data-node={n.node} data-state={n.state}>
      <span className={`${styles.state} ${styles[`state-${n.state}`] ?? ''}`}>{n.state}</span>
      <Link prefetch={false} href={`/nodes/${encodeURIComponent(n.node)}`} className={styles.nodeName}>{inertLine(n.node)}</Link>
      {n.message && <span className={styles.msg}>{inert(n.message)}</span>}
    </div>
  );
}

/** A bulk repair as it runs on the server: counts, every node's state, Cancel, and a link that reopens this view. */
export function BulkProgress({ id, onClose }: { id: string; onClose: () => void }): ReactNode {
  const queryClient = useQueryClient();
  const { data: op, error, isPending } = useQuery(bulkOperationQuery(id));
  const cancel = useMutation({ mutationFn: () => cancelBulk(id), onSuccess: (v) => queryClient.setQueryData(bulkKeys.operation(id), v) });
  if (isPending) return <p className="state-msg" role="status">Loading bulk repair {id}…</p>;
  if (!op) {
    return (
      <div className="state-msg error" role="alert" data-testid="bulk-error">
        <strong>Cannot load bulk repair {id}</strong>
        <p>{error?.message}</p>
        <p>Each node&apos;s outcome is in the <Link prefetch={false} href="/audit">audit log</Link>.</p>
      </div>
    );
  }
  const head = bulkHeadline(op);
  const final = isBulkFinal(op.state);
  const total = op.nodes.length;
  const link = typeof window === 'undefined' ? '' : window.location.href;
  return (
    <div data-testid="bulk-operation" data-state={op.state}>
      <p className={`${rs.headline} ${rs[`tone-${head.tone}`]}`} role="status" aria-live="polite" data-testid="bulk-headline">{head.text}</p>
      <progress className={styles.bar} max={total} value={op.counts.verified + op.counts.failed + op.counts.skipped} aria-label="Nodes done" />
      <p className={styles.counts} data-testid="bulk-counts">
        {ORDER.map((s) => <span key={s} data-state={s} data-count={op.counts[s]}>{s}: <strong>{op.counts[s]}</strong></span>)}
      </p>
      <p className="muted small">
        Started <Time iso={op.startedAt} now={op.startedAt} show="absolute" /> by <strong>{op.user}</strong>, {op.concurrency} at a time.
        It runs on the server: closing this page does not stop it. <CopyButton text={link} label="the link to this bulk repair" testId="bulk-copy-link" />
      </p>
      <VirtualRows items={op.nodes} estimate={44} label="Nodes and their progress" testId="bulk-nodes" row={(n) => <NodeRow n={n} />} />
      {op.outcome && <p className={`${rs.outcome} ${rs[`tone-${head.tone}`]}`} data-testid="bulk-outcome">{op.outcome}</p>}
      {error && <p className="muted small" role="alert">Refreshing the progress failed: {error.message}. Showing the last state seen.</p>}
      {cancel.error && <p className={rs.blocked} role="alert">Cancel failed: {cancel.error.message}</p>}
      <div className={rs.buttons}>
        {op.state === 'running' && (
          <button type="button" className={rs.secondary} onClick={() => cancel.mutate()} disabled={cancel.isPending} data-testid="bulk-cancel">
            Cancel (the nodes in flight finish)
          </button>
        )}
        <button type="button" className={final ? rs.primary : rs.secondary} onClick={onClose} data-testid="bulk-close">Close</button>
      </div>
    </div>
  );
}
