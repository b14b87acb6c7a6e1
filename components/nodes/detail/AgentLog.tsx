'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { agentLogQuery, type AgentLogView } from '@/lib/api/agent-log';
import { inert, inertLine } from '@/components/ui/inert';
import styles from './agent.module.css';

/** The log text, every control character shown as a visible marker (a log is cluster data: hostile input). */
export function LogText({ view }: { view: Extract<AgentLogView, { state: 'ok' }> }): ReactNode {
  if (view.lines.length === 0) return <p className="muted small" data-testid="agent-log-empty">The log is empty.</p>;
  return (
    // Focusable so keyboard users can scroll it.
    <pre className={styles.log} tabIndex={0} data-testid="agent-log-text" aria-label={`Log of ${inertLine(view.pod)}, container ${inertLine(view.container)}`}>
      {inert(view.lines.join('\n'))}
    </pre>
  );
}

function LogBody({ view }: { view: AgentLogView }): ReactNode {
  switch (view.state) {
    case 'ok':
      return (
        <>
          <LogText view={view} />
          {view.truncated && <p className="muted small">The last {view.lines.length} lines; earlier ones may exist (at most {view.tailLines} lines and {Math.round(view.limitBytes / 1024)} KiB are read, long lines are cut).</p>}
        </>
      );
    case 'forbidden':
      return <p className={styles.note} role="note" data-testid="agent-log-forbidden">{inertLine(view.message)}</p>;
    case 'unavailable':
      return <p className={`muted ${styles.note}`} data-testid="agent-log-unavailable">No log to show: {inertLine(view.message)}</p>;
    default:
      return <p className="muted small">{view.message}</p>;
  }
}

/** The tail of the agent's log, read through the API server as the signed-in user; the last crashed run on request. */
export function AgentLog({ node }: { node: string }): ReactNode {
  const [previous, setPrevious] = useState(false);
  const { data, error, isFetching, refetch } = useQuery(agentLogQuery(node, previous));
  const id = useId();
  return (
    <div data-testid="agent-log" aria-busy={isFetching}>
      <div className={styles.logHead}>
        <h3 id={id}>Log tail</h3>
        <label className={styles.toggle}>
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} data-testid="agent-log-previous" />
          previous run (the one that crashed)
        </label>
        <button type="button" className={styles.refresh} onClick={() => void refetch()} disabled={isFetching}>{isFetching ? 'Reading…' : 'Refresh'}</button>
      </div>
      {data ? <LogBody view={data} /> : error ? <p className={styles.note} role="alert" data-testid="agent-log-error">Could not read the log: {error.message}</p> : <p className="muted small" role="status">Reading the log…</p>}
    </div>
  );
}
