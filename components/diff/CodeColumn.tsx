import type { ReactNode } from 'react';
import type { DiffLineView, LineMark } from '@/lib/api/diff';
import styles from './Diff.module.css';
import { inert, inertLine } from '@/components/ui/inert';

interface Segment {
  mark?: LineMark;
  path?: string;
  lines: DiffLineView[];
}

/** Consecutive lines of one changed subtree become one block, so an inserted delegate reads as a unit. */
export function segmentsOf(lines: readonly DiffLineView[]): Segment[] {
  const out: Segment[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last && last.mark === line.mark && !line.blockStart) last.lines.push(line);
    else out.push({ mark: line.mark, path: line.mark ? line.path : undefined, lines: [line] });
  }
  return out;
}

const LABEL: Record<LineMark, string> = { added: 'added', removed: 'removed', changed: 'changed' };

interface Props {
  title: string;
  lines?: DiffLineView[];
  absentText: string;
  side: 'base' | 'target';
}

/** One side of a file, pretty-printed, changed paths as labelled blocks. File text is rendered as text, never as HTML. */
export function CodeColumn({ title, lines, absentText, side }: Props): ReactNode {
  return (
    <div className={styles.column} data-testid={`diff-column-${side}`}>
      <div className={styles.columnHead}>{title}</div>
      {!lines ? (
        <p className={styles.absent}>{absentText}</p>
      ) : (
        <div className={styles.code} role="region" aria-label={title}>
          {segmentsOf(lines).map((seg, i) =>
            seg.mark ? (
              <div key={i} className={`${styles.block} ${styles[`block-${seg.mark}`]}`} data-testid="diff-block" data-mark={seg.mark} data-path={seg.path}>
                <span className={styles.blockLabel}>{LABEL[seg.mark]} {seg.path === '$' ? '(whole file)' : inertLine(seg.path ?? '')}</span>
                {seg.lines.map((l, j) => <div key={j} className={styles.line}>{inert(l.text)}</div>)}
              </div>
            ) : (
              seg.lines.map((l, j) => <div key={`${i}-${j}`} className={styles.line}>{inert(l.text)}</div>)
            ),
          )}
        </div>
      )}
    </div>
  );
}
