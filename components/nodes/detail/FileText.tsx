import type { ReactNode } from 'react';
import type { CniFileView, HighlightView } from '@/lib/api/node-detail';
import styles from './detail.module.css';
import { inert } from '@/components/ui/inert';

/** For each line, the innermost highlight covering it (nested delegates highlight inside each other). */
function coverage(lineCount: number, highlights: readonly HighlightView[]): Array<HighlightView | undefined> {
  const out: Array<HighlightView | undefined> = new Array(lineCount).fill(undefined);
  const outerFirst = [...highlights].sort((a, b) => (b.end - b.start) - (a.end - a.start));
  for (const h of outerFirst) for (let l = h.start; l <= Math.min(h.end, lineCount); l++) out[l - 1] = h;
  return out;
}

/**
 * The file's text with line numbers. Text is rendered by React (escaped),
 * never as HTML: file contents are untrusted. Each highlight starts with a
 * label naming the path and the rules that point at it.
 */
export function FileText({ file }: { file: CniFileView }): ReactNode {
  const lines = (file.text ?? '').split('\n');
  const cover = coverage(lines.length, file.highlights);
  const starts = new Map<number, HighlightView[]>();
  for (const h of file.highlights) starts.set(h.start, [...(starts.get(h.start) ?? []), h]);
  return (
    <pre className={styles.code} data-format={file.format} tabIndex={0} aria-label={`Content of ${file.name}`}>
      <code>
        {lines.map((text, i) => {
          const h = cover[i];
          const here = starts.get(i + 1);
          return (
            <span key={i} className={h ? styles.hl : styles.line} data-line={i + 1} data-highlight={h ? 'true' : undefined} data-path={h?.path}>
              <span className={styles.ln} aria-hidden="true">{i + 1}</span>
              {inert(text)}
              {here && <span className={styles.hlLabel}>{'  ← '}{here.map((x) => `${x.path} (${x.ruleIds.join(', ')})`).join('; ')}</span>}
              {'\n'}
            </span>
          );
        })}
      </code>
    </pre>
  );
}
