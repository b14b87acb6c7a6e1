import type { ReactNode } from 'react';
import type { CheckView, DataPlaneDetailView, PeerCheckView } from '@/lib/api/node-detail';
import { DATA_PLANE_BAD, DATA_PLANE_LABEL } from '@/components/nodes/data-plane-label';
import { Time } from '@/components/ui/Time';
import { inertLine } from '@/components/ui/inert';
import { ProbeHistory } from './ProbeHistory';
import styles from './detail.module.css';

function Check({ label, check, now }: { label: string; check?: CheckView; now: string }): ReactNode {
  if (!check) return <><dt>{label}</dt><dd className="muted">no report</dd></>;
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={`check-${label.toLowerCase().replace(/\W+/g, '-')}`} data-ok={check.ok}>
        {check.ok ? 'answers' : <strong className={styles.bad}>fails</strong>}
        {check.latencyMs !== undefined && check.ok && <span className="muted"> ({check.latencyMs} ms)</span>}
        {!check.ok && check.error && <span className="muted">: {inertLine(check.error)}</span>}
        <span className="muted"> since <Time iso={check.since} now={now} /></span>
      </dd>
    </>
  );
}

function Peers({ title, peers, now, testId }: { title: string; peers: PeerCheckView[]; now: string; testId: string }): ReactNode {
  if (peers.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className={styles.list} data-testid={testId}>
        {peers.map((p) => (
          <li key={p.peer}>
            <code>{inertLine(p.peer)}</code>{p.zone && <span className="muted"> ({inertLine(p.zone)})</span>}
            {p.error && <span className="muted">: {inertLine(p.error)}</span>}
            <span className="muted"> since <Time iso={p.since} now={now} /></span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The data-plane probes of this node: can its pods be reached, can they reach the cluster, and who says so. */
export function PodNetwork({ view, now }: { view?: DataPlaneDetailView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="pod-network-title" data-testid="pod-network" data-state={view?.state ?? 'none'}>
      <h2 id="pod-network-title">Pod network (probes)</h2>
      {!view ? (
        <p className="muted">No data-plane prober reports for this cluster (the prober DaemonSet is optional: docs/data-plane.md).</p>
      ) : (
        <>
          <p>
            <strong className={DATA_PLANE_BAD.has(view.state) ? styles.bad : undefined} data-testid="pod-network-state">{DATA_PLANE_LABEL[view.state]}</strong>
            {view.since && <span className="muted"> since <Time iso={view.since} now={now} /></span>}
            {view.zonePaths.length > 0 && <span> — path to {view.zonePaths.map(inertLine).join(', ')} fails</span>}
          </p>
          {view.proberPod && (
            <p data-testid="prober-pod">
              Prober pod <code>{inertLine(`${view.proberPod.namespace}/${view.proberPod.name}`)}</code> is {view.proberPod.phase}
              {view.proberPod.waitingReason && <> ({inertLine(view.proberPod.waitingReason)})</>}: it cannot be probed or probe others until it runs.
            </p>
          )}
          {view.staleReportAt && <p className="muted">This node&apos;s own report is stale (last <Time iso={view.staleReportAt} now={now} />): its checks are not used.</p>}
          <dl className={styles.kv}>
            <dt>Probed by</dt><dd>{view.probedBy} peer{view.probedBy === 1 ? '' : 's'}{view.failedByCount > 0 && <strong className={styles.bad}>, {view.failedByCount} failing</strong>}</dd>
            <Check label="Cluster DNS" check={view.dns} now={now} />
            <Check label="API Service" check={view.kubernetesService} now={now} />
          </dl>
          <Peers title="Peers that cannot reach this node" peers={view.failedBy} now={now} testId="failed-by" />
          <Peers title="Peers this node cannot reach (others can)" peers={view.cannotReach} now={now} testId="cannot-reach" />
          <Peers title="Single failures, not confirmed by a second peer" peers={view.unconfirmed} now={now} testId="unconfirmed" />
          <ProbeHistory view={view.history} now={now} />
        </>
      )}
    </section>
  );
}
