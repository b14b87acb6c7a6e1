import type { ReactNode } from 'react';
import type { DiffFileView, DiffMode, DiffSideView } from '@/lib/api/diff';
import { CodeColumn } from './CodeColumn';
import { FileDiffNotes } from './FileDiffNotes';
import { UnifiedDiff } from './UnifiedDiff';
import styles from './Diff.module.css';
import { inertLine } from '@/components/ui/inert';

interface Props {
  file: DiffFileView;
  mode: DiffMode;
  base: DiffSideView;
  target: DiffSideView;
}

const OP_LABEL = { add: 'added', remove: 'removed', change: 'changed', move: 'moved' } as const;

/** One config file: status, what differs in words (the paths folded), then both sides, base on the left (or the text diff). Unchanged files start collapsed. */
export function FileDiff({ file, mode, base, target }: Props): ReactNode {
  const hidden = file.hiddenChanges > 0 ? `${file.hiddenChanges} node-specific difference${file.hiddenChanges === 1 ? '' : 's'} hidden` : undefined;
  return (
    <details className={styles.file} open={file.status !== 'unchanged'} data-testid="diff-file" data-file={file.file} data-status={file.status}>
      <summary>
        <span className={styles.fileName}>{inertLine(file.file)}</span>
        <span className={`${styles.status} ${styles[`status-${file.status}`] ?? ''}`}>{file.status}</span>
        {hidden && <span className="muted small">{hidden}</span>}
      </summary>
      {file.summary.length > 0 && (
        <ul className={styles.summary} aria-label={`What differs in ${inertLine(file.file)}, ${inertLine(base.node)} (base) to ${inertLine(target.node)}`} data-testid="diff-summary">
          {file.summary.map((s, i) => <li key={i}>{inertLine(s)}</li>)}
        </ul>
      )}
      {file.status === 'changed' && file.json && file.changes.length > 0 && (
        <details className={styles.pathsFold}>
          <summary className="muted small">Changed paths ({file.changes.length + (file.changesOmitted ?? 0)})</summary>
          <ul className={styles.paths} aria-label={`Changed paths in ${inertLine(file.file)}`}>
            {file.changes.map((c, i) => (
              <li key={i} data-testid="diff-path" data-op={c.op}>{OP_LABEL[c.op]} <code>{inertLine(c.path)}</code>{c.to !== undefined ? ` → [${c.to}]` : ''}</li>
            ))}
          </ul>
        </details>
      )}
      <FileDiffNotes file={file} />
      {mode === 'text' ? (
        file.status === 'unchanged' ? <p className={styles.note}>No differences.</p> : <UnifiedDiff text={file.unified} />
      ) : (
        <div className={styles.columns}>
          <CodeColumn side="base" title={`${inertLine(base.node)} · revision ${base.revision}`} lines={file.base} absentText={`${inertLine(file.file)} does not exist on ${inertLine(base.node)}`} />
          <CodeColumn side="target" title={`${inertLine(target.node)} · revision ${target.revision}`} lines={file.target} absentText={`${inertLine(file.file)} does not exist on ${inertLine(target.node)}`} />
        </div>
      )}
    </details>
  );
}
