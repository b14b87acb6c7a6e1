import type { ReactNode } from 'react';
import type { PlannedCallView } from '@/lib/api/remediation';
import { markChangedLines, type MarkedLine } from './json-lines';
import styles from './remediation.module.css';
import { inert, inertLine } from '@/components/ui/inert';

type Diff = NonNullable<PlannedCallView['diff']>;

const OP_LABEL = { add: 'added', remove: 'removed', change: 'changed' } as const;

function Column({ label, lines, side }: { label: string; lines: MarkedLine[]; side: 'before' | 'after' }): ReactNode {
  return (
    <figure className={styles.diffCol} data-testid={`diff-${side}`}>
      <figcaption>{label}</figcaption>
      <pre tabIndex={0} aria-label={label}>
        {lines.map((l, i) => (
          <span key={i} className={l.changed ? styles[`mark-${side}`] : styles.line} data-changed={l.changed || undefined}>{inert(l.text)}{'\n'}</span>
        ))}
      </pre>
    </figure>
  );
}

/** A patch's effect on the object: the changed paths, then before and after side by side. */
export function ObjectDiff({ diff }: { diff: Diff }): ReactNode {
  const { before, after } = markChangedLines(diff.before, diff.after);
  return (
    <div className={styles.diff} data-testid="object-diff">
      {diff.changes.length > 0 ? (
        <ul className={styles.changes} aria-label="Changes">
          {diff.changes.map((c) => (
            <li key={`${c.op}:${c.path}`} data-testid="diff-change" data-op={c.op} data-path={c.path}>
              <span className={styles[`op-${c.op}`]}>{OP_LABEL[c.op]}</span> <code>{inertLine(c.path)}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">The dry-run reports no change to the object.</p>
      )}
      <div className={styles.diffCols}>
        <Column label="Before" lines={before} side="before" />
        <Column label="After (as the dry-run returned it)" lines={after} side="after" />
      </div>
    </div>
  );
}
