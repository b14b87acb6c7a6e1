import type { ReactNode } from 'react';
import type { CniFileView } from '@/lib/api/node-detail';
import { inert } from '@/components/ui/inert';
import { FileLine, fileLines } from './FileLine';
import { VirtualFileText } from './VirtualFileText';
import styles from './detail.module.css';

/** Past this many lines only the lines on screen are drawn (the text itself is bounded by the server). */
export const VIRTUAL_FROM_LINES = 400;

/**
 * The file's text with line numbers; file contents are untrusted. Each
 * highlight starts with a label naming the path and the rules that point at
 * it. Long files are drawn virtually.
 */
export function FileText({ file }: { file: CniFileView }): ReactNode {
  const data = fileLines(file);
  if (data.lines.length >= VIRTUAL_FROM_LINES) return <VirtualFileText file={file} data={data} />;
  return (
    <pre className={styles.code} data-format={file.format} tabIndex={0} aria-label={`Content of ${inert(file.name)}`}>
      <code>{data.lines.map((_, i) => <FileLine key={i} at={i} data={data} />)}</code>
    </pre>
  );
}
