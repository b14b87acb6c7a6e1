import type { ReactNode } from 'react';
import type { ProbeCheckHistoryView, ProbeHistoryView, ProbeTransitionView } from '@/lib/api/probe-history';
import { Time } from '@/components/ui/Time';
import { inertLine } from '@/components/ui/inert';
import styles from './detail.module.css';

function checkLabel(c: ProbeCheckHistoryView): ReactNode {
  switch (c.kind) {
    case 'dns': return 'Cluster DNS';
    case 'kubernetesService': return 'API Service';
    case 'to-peer': return <>to <code>{inertLine(c.peer ?? '')}</code></>;
    case 'from-peer': return <>from <code>{inertLine(c.peer ?? '')}</code></>;
  }
}

function Change({ t, now }: { t: ProbeTransitionView; now: string }): ReactNode {
  return (
    <li data-testid="history-transition" data-ok={t.ok} data-at={t.at}>
      <Time iso={t.at} now={now} />{' '}
      {t.ok ? <span className={styles.stateOk}>answers</span> : <span className={styles.stateBad}>fails</span>}
      {t.loss > 0 && <span className="muted">{`, ${Math.round(t.loss * 100)}% lost`}</span>}
      {t.ok && t.latencyMs !== undefined && <span className="muted">{`, ${t.latencyMs} ms`}</span>}
      {!t.ok && t.error && <span className="muted">: {inertLine(t.error)}</span>}
    </li>
  );
}

function Checks({ title, checks, now, testId }: { title: string; checks: ProbeCheckHistoryView[]; now: string; testId: string }): ReactNode {
  if (checks.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className={styles.list} data-testid={testId}>
        {checks.map((c) => (
          <li key={`${c.kind}/${c.peer ?? ''}`} data-testid="history-check" data-kind={c.kind} data-peer={c.peer === undefined ? undefined : inertLine(c.peer)}>
            {checkLabel(c)}
            <ol className={styles.list} aria-label="state changes, newest first">
              {c.transitions.map((t, i) => <Change key={`${t.at}/${i}`} t={t} now={now} />)}
            </ol>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Each check's recent state changes, as the probers published them: this node's own, then its peers' checks of it. */
export function ProbeHistory({ view, now }: { view?: ProbeHistoryView; now: string }): ReactNode {
  if (!view || (view.own.length === 0 && view.asTarget.length === 0)) return null;
  // Folded while every change it lists is a check answering: nothing to read during an incident.
  const failures = [...view.own, ...view.asTarget].some((c) => c.transitions.some((t) => !t.ok));
  return (
    <details className={styles.history} data-testid="probe-history" open={failures}>
      <summary><h3>History of each check</h3></summary>
      <Checks title="Peers probing this node" checks={view.asTarget} now={now} testId="history-as-target" />
      <Checks title="This node's own checks" checks={view.own} now={now} testId="history-own" />
    </details>
  );
}
