import type { ReactNode } from 'react';
import type { MultusDetailView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import styles from './detail.module.css';
import { inertLine } from '@/components/ui/inert';

/** Terminations that mean the pod was killed rather than exited: the incident's first clue. */
const KILLED = new Set(['OOMKilled', 'Evicted', 'Error', 'ContainerStatusUnknown']);

/** The node's Multus pod: is it running, did it die (and how), and how is it configured to avoid dying. */
export function MultusPod({ pod, now }: { pod?: MultusDetailView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="multus-title" data-testid="multus-pod">
      <h2 id="multus-title">Multus pod</h2>
      {!pod ? (
        <p className="muted" data-testid="no-multus">No Multus pod on this node (Multus not installed, or its DaemonSet does not run here).</p>
      ) : (
        <dl className={styles.kv}>
          <dt>Pod</dt><dd><code>{inertLine(`${pod.namespace}/${pod.name}`)}</code></dd>
          <dt>Phase</dt><dd>{pod.phase}, {pod.ready ? 'ready' : <strong className={styles.bad}>not ready</strong>}</dd>
          <dt>Restarts</dt><dd data-testid="multus-restarts">{pod.restarts}</dd>
          <dt>Last termination</dt>
          <dd data-testid="multus-termination">
            {pod.lastTerminationReason ? (
              <>
                <strong className={KILLED.has(pod.lastTerminationReason) ? styles.bad : undefined}>{pod.lastTerminationReason}</strong>
                {pod.lastTerminationAt && <span className="muted"> at <Time iso={pod.lastTerminationAt} now={now} /></span>}
              </>
            ) : 'none'}
          </dd>
          <dt>QoS class</dt>
          <dd data-testid="multus-qos">
            {pod.qosClass ?? 'unknown'}
            {pod.qosClass && pod.qosClass !== 'Guaranteed' && <span className="muted"> (evicted first under memory pressure; Guaranteed avoids it)</span>}
          </dd>
          <dt>Image</dt><dd title={inertLine(pod.image ?? '')}><code>{inertLine(pod.imageVersion ?? pod.image ?? '—')}</code></dd>
          <dt>Args</dt>
          <dd>
            {pod.args.length > 0 ? <code className={styles.args} data-testid="multus-args">{pod.args.join(' ')}</code> : <span className="muted">none recorded</span>}
          </dd>
        </dl>
      )}
    </section>
  );
}
