import type { ReactNode } from 'react';
import type { DiffFileView } from '@/lib/api/diff';
import styles from './Diff.module.css';

/** What the bounds of docs/snapshot-format.md ("Limits on read") left out of this file's diff, said plainly. */
export function FileDiffNotes({ file }: { file: DiffFileView }): ReactNode {
  const notes: Array<[string, string]> = [];
  if (file.structuralSkipped) notes.push(['structure', `Too large to diff structurally (its arrays need ${file.structuralSkipped.cells.toLocaleString('en')} comparison cells, the limit is ${file.structuralSkipped.limit.toLocaleString('en')}): compared line by line only.`]);
  if (file.lineDiffSkipped) notes.push(['lines', 'The line diff gave up: see the text view for why.']);
  if (file.changesOmitted) notes.push(['changes', `${file.changesOmitted} more changed paths are not listed.`]);
  if (file.baseCut || file.targetCut) notes.push(['cut', `Only the beginning of the ${file.baseCut && file.targetCut ? 'two sides' : file.baseCut ? 'base side' : 'target side'} is shown: the rest is past the page's display limit.`]);
  if (notes.length === 0) return null;
  return (
    <div className={styles.note} data-testid="diff-limits">
      {notes.map(([key, text]) => <p key={key} data-limit={key} style={{ margin: '.15rem 0' }}>{text}</p>)}
    </div>
  );
}
