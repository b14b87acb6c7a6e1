import Link from 'next/link';
import type { ReactNode } from 'react';
import { podsOfNodeHref, type StuckPodView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import styles from './detail.module.css';
import { inert, inertLine } from '@/components/ui/inert';

/** Pods on this node that cannot get a network, oldest first, with the error the kubelet keeps repeating. */
export function StuckPods({ pods, node, now }: { pods: StuckPodView[]; node: string; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="stuck-title" data-testid="stuck-pods">
      <div className={styles.panelHead}>
        <h2 id="stuck-title">Stuck pods ({pods.length})</h2>
        <Link prefetch={false} href={podsOfNodeHref(node)} data-testid="timelines-link">timelines</Link>
      </div>
      {pods.length === 0 ? (
        <p className="muted" data-testid="no-stuck-pods">No pod on this node is stuck waiting for its network.</p>
      ) : (
        <table className={`${styles.table} stack-table`}>
          <thead>
            <tr><th scope="col">Pod</th><th scope="col">Stuck since</th><th scope="col">Failures</th><th scope="col">Last error</th></tr>
          </thead>
          <tbody>
            {pods.map((p) => (
              <tr key={`${p.namespace}/${p.name}`} data-testid="stuck-pod" data-pod={`${p.namespace}/${p.name}`} data-signature={p.signature?.id}>
                <th scope="row"><code>{inertLine(`${p.namespace}/${p.name}`)}</code><div className="muted small">{p.phase}</div></th>
                <td data-label="Stuck since"><Time iso={p.since} now={now} show="relative" /><div className="muted small"><Time iso={p.since} now={now} show="absolute" /></div></td>
                <td data-label="Failures">{p.failures}{p.lastSeen && <div className="muted small">last <Time iso={p.lastSeen} now={now} show="relative" /></div>}</td>
                <td data-label="Last error" className={styles.msgCell}>
                  {p.signature && <div><span className={styles.tag}>{p.signature.id}</span> <span className="small">{inertLine(p.signature.cause)}</span></div>}
                  {p.lastMessage && <q className={`${styles.evMsg} ${styles.clamp}`} tabIndex={0} title="Focus or hover to show the whole message">{inert(p.lastMessage)}</q>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
