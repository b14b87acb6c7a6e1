'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { remediationsQuery } from '@/lib/api/remediation';
import type { FindingView } from '@/lib/api/views';
import { RemediationPanel } from './RemediationPanel';

/**
 * Cluster-wide findings with their fixes (the Multus DaemonSet's patches)
 * that stop the incident from coming back at the next boot. On a phone they
 * fold into one line after the grid (app/globals.css, `.fold`); on wider
 * screens the fold is always open. A dialog opened from the URL opens the
 * fold, since a modal inside a closed <details> would not be rendered.
 */
export function ClusterRemediations({ findings }: { findings: FindingView[] }): ReactNode {
  const { data } = useQuery(remediationsQuery());
  const dialog = useSearchParams().has('remediate');
  const [opened, setOpened] = useState(false);
  const count = data?.actions.filter((a) => a.kind === 'action').length;
  return (
    <details className="fold" open={dialog || opened} onToggle={(e) => setOpened(e.currentTarget.open)} data-testid="cluster-remediations-fold">
      <summary>
        <strong>Cluster-wide findings and fixes</strong>
        <span className="muted"> ({findings.length} finding{findings.length === 1 ? '' : 's'}{count !== undefined && `, ${count === 0 ? 'no fix needed' : `${count} fix${count === 1 ? '' : 'es'} available`}`})</span>
      </summary>
      <RemediationPanel title="Cluster-wide findings and fixes" emptyText="No cluster-wide fix is needed." testId="cluster-remediations" findings={findings} />
    </details>
  );
}
