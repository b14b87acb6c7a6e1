import type { ReactNode } from 'react';
import styles from './Skeleton.module.css';

export type SkeletonShape = 'grid' | 'rows' | 'detail' | 'panes';

const COUNTS = { grid: 12, rows: 8 } as const;

/**
 * The shape of a page before its data arrives, so the layout does not jump
 * when it does. One status for assistive technology, named by `label`; the
 * grey blocks themselves are hidden from it.
 */
export function Skeleton({ shape, label }: { shape: SkeletonShape; label: string }): ReactNode {
  return (
    <div className={styles.skeleton} role="status" aria-busy="true" data-testid="page-skeleton" data-shape={shape}>
      <span className={styles.label}>{label}</span>
      <div aria-hidden="true" className={styles.skeleton}>
        <div className={`${styles.bar} ${styles.title}`} />
        <div className={`${styles.bar} ${styles.line}`} />
        {shape === 'grid' && <div className={styles.cells}>{Array.from({ length: COUNTS.grid }, (_, i) => <div key={i} className={styles.cell} />)}</div>}
        {(shape === 'rows' || shape === 'detail') && <div className={styles.rows}>{Array.from({ length: shape === 'rows' ? COUNTS.rows : 4 }, (_, i) => <div key={i} className={styles.row} />)}</div>}
        {(shape === 'detail' || shape === 'panes') && <div className={styles.panes}><div className={`${styles.bar} ${styles.pane}`} /><div className={`${styles.bar} ${styles.pane}`} /></div>}
      </div>
    </div>
  );
}
