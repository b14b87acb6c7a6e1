import type { ReactNode } from 'react';
import type { RecentPodView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import { inertLine } from '@/components/ui/inert';
import { recoveryCounts, recoverySentence, STATE_LABEL } from './recovery';
import styles from './detail.module.css';

/**
 * The pods of this node that could not start in the last hours and what
 * became of each, so a fix shows the pods it started ("7 of 7 pods
 * running"), not only an empty stuck list. Also used by a fix's result,
 * with the pods that were stuck when it started.
 */
export function RecentPodsTable({ pods, now, testId }: { pods: readonly RecentPodView[]; now: string; testId: string }): ReactNode {
  return (
    <table className={`${styles.table} stack-table`} data-testid={testId}>
      <thead>
        <tr><th scope="col">Pod</th><th scope="col">Now</th><th scope="col">Stuck from</th><th scope="col">Running since</th></tr>
      </thead>
      <tbody>
        {pods.map((p) => (
          <tr key={`${p.namespace}/${p.name}`} data-testid="recent-pod" data-pod={`${p.namespace}/${p.name}`} data-state={p.state}>
            <th scope="row"><code>{inertLine(`${p.namespace}/${p.name}`)}</code></th>
            <td data-label="Now"><span className={p.state === 'running' ? styles.stateOk : styles.stateBad}>{STATE_LABEL[p.state]}</span></td>
            <td data-label="Stuck from"><Time iso={p.stuckFrom} now={now} show="relative" /></td>
            <td data-label="Running since">{p.runningSince ? <Time iso={p.runningSince} now={now} show="relative" /> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RecentPods({ pods, now }: { pods: readonly RecentPodView[] | undefined; now: string }): ReactNode {
  if (!pods || pods.length === 0) return null;
  const counts = recoveryCounts(pods);
  return (
    <section className={styles.panel} aria-labelledby="recent-pods-title" data-testid="recent-pods">
      <div className={styles.panelHead}>
        <h2 id="recent-pods-title">Pods stuck in the last 3 hours ({pods.length})</h2>
      </div>
      <p data-testid="recent-pods-summary" data-running={counts.running} data-total={counts.total}><strong>{recoverySentence(counts)}</strong></p>
      <RecentPodsTable pods={pods} now={now} testId="recent-pods-table" />
    </section>
  );
}
