import type { CSSProperties, ReactNode } from 'react';
import type { CniFileView, HighlightView } from '@/lib/api/node-detail';
import { inert } from '@/components/ui/inert';
import styles from './detail.module.css';

/** For each line, the innermost highlight covering it (nested delegates highlight inside each other). */
function coverage(lineCount: number, highlights: readonly HighlightView[]): Array<HighlightView | undefined> {
  const out: Array<HighlightView | undefined> = new Array(lineCount).fill(undefined);
  const outerFirst = [...highlights].sort((a, b) => (b.end - b.start) - (a.end - a.start));
  for (const h of outerFirst) for (let l = h.start; l <= Math.min(h.end, lineCount); l++) out[l - 1] = h;
  return out;
}

export interface FileLines {
  lines: string[];
  cover: Array<HighlightView | undefined>;
  starts: Map<number, HighlightView[]>;
}

export function fileLines(file: CniFileView): FileLines {
  const lines = (file.text ?? '').split('\n');
  const starts = new Map<number, HighlightView[]>();
  for (const h of file.highlights) starts.set(h.start, [...(starts.get(h.start) ?? []), h]);
  return { lines, cover: coverage(lines.length, file.highlights), starts };
}

/** Line `i` (0-based) with its number, highlight and label. Text is rendered by React (escaped), never as HTML. */
export function FileLine({ at, data, style }: { at: number; data: FileLines; style?: CSSProperties }): ReactNode {
  const h = data.cover[at];
  const here = data.starts.get(at + 1);
  return (
    <span className={h ? styles.hl : styles.line} style={style} data-line={at + 1} data-highlight={h ? 'true' : undefined} data-path={h?.path}>
      <span className={styles.ln} aria-hidden="true">{at + 1}</span>
      {inert(data.lines[at]!)}
      {here && <span className={styles.hlLabel}>{'  ← '}{here.map((x) => `${inert(x.path)} (${x.ruleIds.join(', ')})`).join('; ')}</span>}
      {'\n'}
    </span>
  );
}

