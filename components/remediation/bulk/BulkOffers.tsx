'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { bulkOffersQuery, type BulkOfferView } from '@/lib/api/bulk';
import { inertLine } from '@/components/ui/inert';
import rs from '../remediation.module.css';
import { bulkDialogFromSearch, withBulkParams, type BulkDialogState } from './bulk-flow';
import { BulkDialog } from './BulkDialog';
import styles from './bulk.module.css';

function setDialog(next: BulkDialogState): void {
  window.history.replaceState(null, '', `${window.location.pathname}${withBulkParams(window.location.search, next)}${window.location.hash}`);
}

const buttonText = (o: BulkOfferView): string => `Repair all ${o.count} nodes`;

/**
 * Beside the findings several nodes share: repair every node with it in one
 * go. Read-only users see the offer with why they cannot, and the dialog
 * still previews (the kubectl commands are a next step for them).
 */
export function BulkOffers(): ReactNode {
  const { data } = useQuery(bulkOffersQuery());
  const dialog = bulkDialogFromSearch(useSearchParams());
  const offers = data?.offers ?? [];
  const open = dialog && (dialog.op || offers.some((o) => o.ruleId === dialog.rule && o.action === dialog.action)) ? dialog : null;
  const openOffer = offers.find((o) => o.ruleId === dialog?.rule && o.action === dialog?.action);
  const [unfolded, setUnfolded] = useState(false);
  if (offers.length === 0 && !open) return null;
  const total = offers.reduce((n, o) => n + o.count, 0);
  // Folded to one line on phones, so the grid stays on the first screen (app/globals.css, `.fold`); a dialog from the URL opens it.
  return (
    <details className="fold" open={open !== null || unfolded} onToggle={(e) => setUnfolded(e.currentTarget.open)} data-testid="bulk-offers-fold">
      <summary><strong>Repair in bulk</strong> <span className="muted">({offers.length === 1 ? `${total} nodes with one finding` : `${offers.length} findings on ${total} nodes`})</span></summary>
    <section className={styles.offers} aria-labelledby="bulk-offers-title" data-testid="bulk-offers">
      <h2 id="bulk-offers-title">Findings on several nodes</h2>
      {data && !data.enabled && <p className="muted small" role="note">Read-only: {data.disabledReason ?? 'remediation is turned off for this dashboard'}. The previews and kubectl commands still show what would be done.</p>}
      <ul className={styles.offerList}>
        {offers.map((o) => (
          <li key={`${o.ruleId}-${o.action}`} className={styles.offer} data-testid="bulk-offer" data-rule={o.ruleId} data-action={o.action} data-count={o.count}>
            <p id={`bulk-offer-${o.ruleId}`}>
              <strong>{o.count}</strong> nodes: {inertLine(o.findingTitle)} <code className="muted small">{o.ruleId}</code>.{' '}
              <span className="muted small">Fix: {o.actionTitle}{o.blocked > 0 && <>; {o.blocked} more with this finding cannot be repaired this way</>}.</span>
            </p>
            <button type="button" className={rs.danger} data-testid="bulk-open" aria-describedby={`bulk-offer-${o.ruleId}`} onClick={() => setDialog({ rule: o.ruleId, action: o.action })}>
              {buttonText(o)}…
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <BulkDialog
          key={open.op ?? `${open.rule}-${open.action}`}
          state={open}
          title={openOffer ? `${buttonText(openOffer)}: ${openOffer.actionTitle}` : 'Bulk repair'}
          onOperation={(id) => setDialog({ rule: open.rule, action: open.action, op: id })}
          onClose={() => setDialog({})}
        />
      )}
    </section>
    </details>
  );
}
