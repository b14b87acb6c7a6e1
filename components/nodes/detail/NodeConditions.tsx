import type { ReactNode } from 'react';
import type { NodeInfoView } from '@/lib/api/node-detail';
import { ago } from './format';
import styles from './detail.module.css';

/** What the kubelet reports: Ready with its reason (NetworkPluginNotReady), and the pressure conditions. */
export function NodeConditions({ node, now }: { node: NodeInfoView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="conditions-title" data-testid="node-conditions">
      <h2 id="conditions-title">Node conditions</h2>
      {node.conditions.length === 0 ? (
        <p className="muted">The kubelet has reported no conditions (it may never have started).</p>
      ) : (
        <table className={styles.table}>
          <thead><tr><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Since</th></tr></thead>
          <tbody>
            {node.conditions.map((c) => (
              <tr key={c.type} data-testid="condition" data-type={c.type} data-ok={c.ok ? 'true' : 'false'}>
                <th scope="row">{c.type}</th>
                <td>
                  <span className={c.ok ? styles.good : styles.bad}>{c.status}</span>
                  {c.reason && <div className="small">{c.reason}</div>}
                  {c.message && <div className="muted small">{c.message}</div>}
                </td>
                <td className="small" title={c.since}>{ago(c.since, now) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
