'use client';

import type { ReactNode } from 'react';
import { RemediationPanel } from './RemediationPanel';

/** The node page's actions: the fixes its findings point to, cordon/uncordon, deleting stuck pods. */
export function NodeRemediations({ node }: { node: string }): ReactNode {
  return <RemediationPanel node={node} title="Remediation" emptyText="No action applies to this node right now." testId="node-remediations" />;
}
