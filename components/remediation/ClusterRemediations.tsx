'use client';

import type { ReactNode } from 'react';
import { RemediationPanel } from './RemediationPanel';

/** Cluster-wide fixes (the Multus DaemonSet's patches) that stop the incident from coming back at the next boot. */
export function ClusterRemediations(): ReactNode {
  return <RemediationPanel title="Cluster-wide fixes" emptyText="No cluster-wide fix is needed." testId="cluster-remediations" />;
}
