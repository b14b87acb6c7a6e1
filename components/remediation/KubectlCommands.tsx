'use client';

import { useId, useState, type ReactNode } from 'react';
import type { Equivalent, KubectlCommand } from '@/lib/remediation/kubectl';
import { CopyButton } from '@/components/ui/CopyButton';
import styles from './kubectl.module.css';

function CommandList({ commands, testId }: { commands: readonly KubectlCommand[]; testId: string }): ReactNode {
  return (
    <ul className={styles.list}>
      {commands.map((c, i) => (
        <li key={`${i}-${c.command}`} className={styles.item} data-testid={testId}>
          <span className={styles.label}>{c.label}</span>
          <span className={styles.line}>
            <code className={styles.code} data-testid="kubectl-command">{c.command}</code>
            <CopyButton text={c.command} label={`the command: ${c.label}`} testId="kubectl-copy" />
          </span>
        </li>
      ))}
    </ul>
  );
}

interface Props {
  /** What the action does, in kubectl, or why there is no equivalent. */
  does?: Equivalent;
  /** Read-only commands to see for yourself. */
  look?: readonly KubectlCommand[];
  summary?: string;
  testId?: string;
}

/**
 * The kubectl commands beside a finding or an action, folded behind a
 * disclosure button (not a <details>: these sit inside folds and lists that
 * have their own summaries): a viewer without rights to act still has a
 * next step, and anyone can check what the dashboard would do. Every
 * argument is already quoted for a POSIX shell (lib/remediation/kubectl.ts).
 */
export function KubectlCommands({ does, look, summary = 'kubectl', testId = 'kubectl' }: Props): ReactNode {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (!does && (!look || look.length === 0)) return null;
  return (
    <div className={styles.box} data-testid={testId} data-open={open}>
      <button type="button" className={styles.toggle} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} data-testid="kubectl-toggle">
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {summary}
      </button>
      {open && (
        <div id={panelId}>
          {does && 'none' in does && <p className={styles.none} data-testid="kubectl-none">{does.none}</p>}
          {does && 'commands' in does && (
            <>
              <p className={styles.head}>What it does</p>
              <CommandList commands={does.commands} testId="kubectl-does" />
            </>
          )}
          {look && look.length > 0 && (
            <>
              <p className={styles.head}>Look for yourself (read-only)</p>
              <CommandList commands={look} testId="kubectl-look" />
            </>
          )}
        </div>
      )}
    </div>
  );
}
