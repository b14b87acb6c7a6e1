import type { ReactNode } from 'react';
import type { NodeInfoView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import styles from './detail.module.css';
import { inert, inertLine } from '@/components/ui/inert';

/** What the kubelet reports: Ready with its reason (NetworkPluginNotReady), and the pressure conditions. */
export function NodeConditions({ node, now }: { node: NodeInfoView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="conditions-title" data-testid="node-conditions">
      <h2 id="conditions-title">Node conditions</h2>
      {node.conditions.length === 0 ? (
        <p className="muted">The kubelet has reported no conditions (it may never have started).</p>
      ) : (
        <ul className={styles.conditions}>
          {node.conditions.map((c) => (
            <li key={c.type} data-testid="condition" data-type={c.type} data-ok={c.ok ? 'true' : 'false'}>
              <div className={styles.condHead}>
                <strong>{c.type}</strong>
                <span className={c.ok ? styles.good : styles.bad}>{c.status}</span>
                {c.reason && <span className="small">{inertLine(c.reason)}</span>}
                <span className={`muted small ${styles.since}`}>{c.since && <>since <Time iso={c.since} now={now} /></>}</span>
              </div>
              {c.message && <div className="muted small">{inert(c.message)}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
