'use client';

import type { ReactNode } from 'react';
import type { RolloutProgressView } from '@/lib/api/remediation';
import { formatDuration } from '@/components/ui/time';
import { Time } from '@/components/ui/Time';
import styles from './remediation.module.css';

/**
 * A DaemonSet rollout as the verification follows it: pods updated of those
 * desired, how many are available and ready, how many roll at a time, and
 * until when it keeps waiting if nothing moves.
 */
export function RolloutProgress({ rollout: r, final }: { rollout: RolloutProgressView; final: boolean }): ReactNode {
  const observed = r.phase !== 'not-observed';
  return (
    <div className={styles.rollout} data-testid="rollout-progress" data-phase={r.phase} data-updated={r.updated} data-desired={r.desired} data-available={r.available}>
      <progress max={Math.max(1, r.desired)} value={observed ? r.updated : 0} aria-label="Pods updated" />
      {observed ? (
        <p data-testid="rollout-counts"><strong>{r.updated} of {r.desired}</strong> updated, {r.available} available, {r.ready} ready</p>
      ) : (
        <p data-testid="rollout-counts">The DaemonSet controller has not acted on generation {r.generation} yet (its status is of generation {r.observedGeneration}).</p>
      )}
      <p className="muted small">
        {r.maxUnavailable} pod{r.maxUnavailable === 1 ? '' : 's'} replaced at a time (maxUnavailable).
        {r.estimatedRemainingSeconds !== undefined && !final && <> About {formatDuration(r.estimatedRemainingSeconds * 1000)} left at the current pace.</>}
        {!final && <> Keeps waiting while the rollout moves; gives up at <span data-testid="rollout-give-up"><Time iso={r.giveUpAt} now={r.giveUpAt} show="absolute" /></span> unless a pod is updated or becomes available before then ({formatDuration(r.stallSeconds * 1000)} without progress).</>}
      </p>
    </div>
  );
}
