import type { ReactNode } from 'react';
import type { RevisionView, SnapshotView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import { plural, shortSha } from './format';
import styles from './detail.module.css';
import { inertLine } from '@/components/ui/inert';

function Revision({ r, now }: { r: RevisionView; now: string }): ReactNode {
  return (
    <li className={r.current ? styles.currentRev : undefined} data-testid="revision" data-revision={r.revision} data-current={r.current ? 'true' : 'false'}>
      <div>
        <strong>Revision {r.revision}</strong>
        {r.current && <span className={styles.tag}>current</span>}
        <span className="muted" title={r.digest}> {plural(r.fileCount, 'file')}, digest <code>{shortSha(r.digest)}</code></span>
      </div>
      <div className="muted small">
        {r.observedAt
          ? <>{r.estimated ? 'files last modified ' : 'observed '}<Time iso={r.observedAt} now={now} /></>
          : 'time not recorded'}
      </div>
      {r.changes.length > 0 ? (
        <ul className={styles.changes}>
          {r.changes.map((c) => (
            <li key={c.name} data-testid="revision-change" data-change={c.change}>
              <span className={`${styles.change} ${styles[`change-${c.change}`] ?? ''}`}>{c.change}</span> <code>{inertLine(c.name)}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{r.oldest ? 'Oldest revision kept.' : 'Same files as the revision below.'}</p>
      )}
    </li>
  );
}

/** When this node's CNI config changed and what changed, newest first: "the config changed, then pods failed". */
export function SnapshotHistory({ snapshot, now }: { snapshot: SnapshotView; now: string }): ReactNode {
  return (
    <section className={styles.panel} aria-labelledby="history-title" data-testid="snapshot-history">
      <h2 id="history-title">Config history</h2>
      {snapshot.state !== 'ok' ? (
        <p className="muted">No history without a readable snapshot.</p>
      ) : (
        <ol className={styles.revisions}>
          {snapshot.history.map((r) => <Revision key={`${r.revision}-${r.digest}`} r={r} now={now} />)}
        </ol>
      )}
    </section>
  );
}
