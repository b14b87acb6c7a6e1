import type { ReactNode } from 'react';
import type { PlannedCallView } from '@/lib/api/remediation';
import { inert, inertLine } from '@/components/ui/inert';
import styles from './remediation.module.css';

type FileChange = NonNullable<PlannedCallView['fileChange']>;

/**
 * The host file a node's agent will rewrite, and exactly what it will write:
 * the agent derives the same bytes from the file itself and writes them only
 * if their sha256 is the one shown here (docs/repair-protocol.md).
 */
export function FileChangePreview({ change }: { change: FileChange }): ReactNode {
  return (
    <div className={styles.body} data-testid="file-change" data-path={change.path} data-sha256={change.after.sha256}>
      <p className="small">
        On <code>{inertLine(change.node)}</code>, <code>{inertLine(change.path)}</code> (sha256 <code data-testid="file-change-before">{change.sha256}</code>,
        {' '}{change.depth} Multus levels) becomes, in one rename, the content below (sha256 <code data-testid="file-change-after">{change.after.sha256}</code>, 1 level).
      </p>
      <pre tabIndex={0} aria-label={`New content of ${change.path}`} data-testid="file-change-content">{inert(change.after.content)}</pre>
    </div>
  );
}
