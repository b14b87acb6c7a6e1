import type { ReactNode } from 'react';
import styles from './Diff.module.css';
import { inert } from '@/components/ui/inert';

function lineClass(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===') || line.startsWith('Index:')) return styles['u-head'];
  if (line.startsWith('@@')) return styles['u-hunk'];
  if (line.startsWith('+')) return styles['u-add'];
  if (line.startsWith('-')) return styles['u-del'];
  return undefined;
}

/** The unified text diff of one file (jsdiff's patch text), coloured per line. */
export function UnifiedDiff({ text }: { text: string }): ReactNode {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <div className={styles.unified} data-testid="diff-unified">
      <div className={styles.code}>
        {lines.map((l, i) => <div key={i} className={`${styles.line} ${lineClass(l) ?? ''}`}>{inert(l)}</div>)}
      </div>
    </div>
  );
}
