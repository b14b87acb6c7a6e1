'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { remediationsQuery } from '@/lib/api/remediation';
import { RemediationPanel } from './RemediationPanel';

/**
 * Cluster-wide fixes (the Multus DaemonSet's patches) that stop the incident
 * from coming back at the next boot. On a phone they fold into one line
 * above the grid (app/globals.css, `.fold`); on wider screens the fold is
 * always open. A dialog opened from the URL opens the fold, since a modal
 * inside a closed <details> would not be rendered.
 */
export function ClusterRemediations(): ReactNode {
  const { data } = useQuery(remediationsQuery());
  const dialog = useSearchParams().has('remediate');
  const [opened, setOpened] = useState(false);
  const count = data?.actions.filter((a) => a.kind === 'action').length;
  return (
    <details className="fold" open={dialog || opened} onToggle={(e) => setOpened(e.currentTarget.open)} data-testid="cluster-remediations-fold">
      <summary>
        <strong>Cluster-wide fixes</strong>{count !== undefined && <span className="muted"> ({count === 0 ? 'none needed' : `${count} available`})</span>}
      </summary>
      <RemediationPanel title="Cluster-wide fixes" emptyText="No cluster-wide fix is needed." testId="cluster-remediations" />
    </details>
  );
}
