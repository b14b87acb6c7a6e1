import type { ReactNode } from 'react';
import type { DiffMode } from '@/lib/api/diff';
import styles from './Diff.module.css';

interface Props {
  mode: DiffMode;
  ignore: boolean;
  latest: boolean;
  onMode: (mode: DiffMode) => void;
  onIgnore: (ignore: boolean) => void;
  onLatest: (latest: boolean) => void;
  children?: ReactNode;
}

/** View, normalisation and pinning switches; every one of them lives in the URL. */
export function DiffToolbar({ mode, ignore, latest, onMode, onIgnore, onLatest, children }: Props): ReactNode {
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Diff options">
      <fieldset>
        <legend>View</legend>
        {(['side', 'text'] as const).map((m) => (
          <label key={m} className={styles.seg}>
            <input type="radio" name="diff-mode" value={m} checked={mode === m} onChange={() => onMode(m)} />
            {m === 'side' ? 'Side by side' : 'Text (unified)'}
          </label>
        ))}
      </fieldset>
      <label className={styles.switch}>
        <input type="checkbox" role="switch" checked={ignore} onChange={(e) => onIgnore(e.target.checked)} data-testid="ignore-switch" />
        Ignore node-specific values
      </label>
      <label className={styles.switch} title="Off: the revisions in the link stay as they are. On: follow the nodes' current configs.">
        <input type="checkbox" role="switch" checked={latest} onChange={(e) => onLatest(e.target.checked)} data-testid="latest-switch" />
        Show latest
      </label>
      {children}
    </div>
  );
}
