import type { ReactNode } from 'react';
import type { CniConditionView } from '@/lib/api/node-detail';
import type { Verdict } from '@/lib/api/views';
import { Time } from '@/components/ui/Time';
import { inert, inertLine } from '@/components/ui/inert';
import styles from './detail.module.css';

/**
 * The CNIHealthy condition the node's own agent writes (opt-in), beside this
 * page's verdict. The node writes it about itself, from its files alone, so
 * the page says whether they agree and never lets it override the diagnosis.
 */
export function AgentCondition({ view, verdict, now }: { view: CniConditionView | undefined; verdict: Verdict; now: string }): ReactNode {
  if (!view) return null;
  return (
    <section className={styles.panel} aria-labelledby="cni-condition-title" data-testid="cni-condition" data-status={view.status} data-agrees={view.agrees ? 'true' : 'false'} data-stale={view.stale ? 'true' : 'false'}>
      <h2 id="cni-condition-title">Published condition</h2>
      <div className={styles.condHead}>
        <strong>CNIHealthy</strong>
        <span className={view.status === 'True' ? styles.good : styles.bad}>{view.status}</span>
        {view.reason && <span className="small">{inertLine(view.reason)}</span>}
        <span className={`muted small ${styles.since}`}>{view.since && <>since <Time iso={view.since} now={now} /></>}</span>
      </div>
      {view.message && <div className="muted small">{inert(view.message)}</div>}
      {view.stale && (
        <p className="small" role="note" data-testid="cni-condition-stale">
          Stale: its agent has not renewed it {view.heartbeatAt ? <>since <Time iso={view.heartbeatAt} now={now} /></> : 'at all'}; it says nothing about the node now.
        </p>
      )}
      <p className="small" data-testid="cni-condition-agreement">
        {view.agrees
          ? `Agrees with this page (${verdict}).`
          : `Disagrees with this page: it is ${verdict}, which would be ${view.expected}. This page's diagnosis counts; the agent sees only the node's files, not its pods, events or probes.`}
      </p>
      <p className="muted small">Written by the node&apos;s own agent for schedulers and readiness controllers; it changes nothing by itself.</p>
    </section>
  );
}
