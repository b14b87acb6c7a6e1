'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { nodeDetailQuery } from '@/lib/api/node-detail';
import { stuckAt } from '@/lib/timeline/recent-pods';
import { RecentPodsTable } from '@/components/nodes/detail/RecentPods';
import { recoveryCounts, recoverySentence } from '@/components/nodes/detail/recovery';
import styles from './remediation.module.css';

/**
 * The pods that were stuck on the node when the fix started, and their state
 * now ("7 of 7 pods running"), from the node's own view, which the live
 * stream keeps current; nothing when no pod was stuck then.
 */
export function PodsAfterFix({ node, startedAt }: { node: string; startedAt: string }): ReactNode {
  const { data } = useQuery(nodeDetailQuery(node));
  if (!data?.recentPods) return null;
  const pods = stuckAt(data.recentPods, Date.parse(startedAt));
  if (pods.length === 0) return null;
  const counts = recoveryCounts(pods);
  return (
    <section className={styles.verification} data-testid="pods-after-fix" data-running={counts.running} data-total={counts.total} aria-label="Pods stuck when the fix started">
      <p><strong data-testid="pods-after-fix-summary">{recoverySentence(counts)}</strong> <span className="muted small">(of the pods stuck when it started)</span></p>
      <RecentPodsTable pods={pods} now={data.generatedAt} testId="pods-after-fix-table" />
    </section>
  );
}
