import type { ReactNode } from 'react';
import type { PrimaryAgentView } from '@/lib/api/node-detail';
import { inert, inertLine } from '@/components/ui/inert';
import { Time } from '@/components/ui/Time';
import { AgentLog } from './AgentLog';
import styles from './detail.module.css';
import agent from './agent.module.css';

function PodState({ pod, now }: { pod: NonNullable<PrimaryAgentView['pod']>; now: string }): ReactNode {
  const t = pod.lastTermination;
  return (
    <dl className={styles.kv}>
      <dt>Pod</dt><dd><code>{inertLine(`${pod.namespace}/${pod.name}`)}</code></dd>
      <dt>Status</dt>
      <dd data-testid="agent-status">
        {pod.waiting ? <strong className={styles.bad}>{inertLine(pod.waiting)}</strong> : inertLine(pod.phase)}
        , {pod.ready ? 'ready' : <strong className={styles.bad}>not ready</strong>}
      </dd>
      <dt>Restarts</dt><dd data-testid="agent-restarts">{pod.restarts}</dd>
      <dt>Last termination</dt>
      <dd data-testid="agent-termination">
        {t?.reason ? (
          <>
            <strong className={styles.bad}>{inertLine(t.reason)}</strong>
            {t.exitCode !== undefined && <>, exit code {t.exitCode}</>}
            {t.finishedAt && <span className="muted"> at <Time iso={t.finishedAt} now={now} /></span>}
          </>
        ) : 'none'}
      </dd>
      <dt>Container</dt><dd><code>{inertLine(pod.container)}</code>{pod.image && <span className="muted"> {inertLine(pod.image.split('/').pop() ?? '')}</span>}</dd>
    </dl>
  );
}

/** The primary CNI's agent on this node: is it up, how did it die, what the kubelet says, and its log. */
export function PrimaryAgentPod({ view, node, now }: { view?: PrimaryAgentView; node: string; now: string }): ReactNode {
  if (!view) return null;
  return (
    <section className={styles.panel} aria-labelledby="agent-title" data-testid="primary-agent" data-agent={view.agent}>
      <h2 id="agent-title">Primary CNI agent: {inertLine(view.agent)}</h2>
      {!view.pod ? (
        <p data-testid="agent-missing"><strong className={styles.bad}>No {inertLine(view.agent)} pod runs on this node</strong>{view.daemonSet && <> (DaemonSet <code>{inertLine(view.daemonSet)}</code>)</>}.</p>
      ) : (
        <PodState pod={view.pod} now={now} />
      )}
      {view.probeFailures && (
        <p className={agent.note} data-testid="agent-probe">
          Probe failures: {view.probeFailures.count} × <q className={styles.evMsg}>{inert(view.probeFailures.message)}</q> last at <Time iso={view.probeFailures.lastSeen} now={now} />
        </p>
      )}
      {view.events.length > 0 && (
        <ul className={agent.events} aria-label="Recent warnings" data-testid="agent-events">
          {view.events.map((e, i) => (
            <li key={i} data-reason={e.reason}><strong>{inertLine(e.reason)}</strong> ×{e.count}, last <Time iso={e.lastSeen} now={now} show="relative" />: {inertLine(e.message)}</li>
          ))}
        </ul>
      )}
      {view.pod && <AgentLog node={node} />}
    </section>
  );
}
