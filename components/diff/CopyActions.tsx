'use client';

import { useRef, useState, type ReactNode } from 'react';
import styles from './Diff.module.css';

type Copied = { kind: 'link' | 'markdown'; how: 'clipboard' | 'manual'; text: string } | undefined;

interface Props {
  link: () => string;
  markdown: () => string;
}

/**
 * Copy the pinned link or a Markdown summary. The clipboard API needs a secure
 * context and permission; where it is missing or refused, the text is shown
 * selected for a manual copy instead of failing silently.
 */
export function CopyActions({ link, markdown }: Props): ReactNode {
  const [copied, setCopied] = useState<Copied>();
  const fallback = useRef<HTMLTextAreaElement>(null);

  const copy = async (kind: 'link' | 'markdown'): Promise<void> => {
    const text = kind === 'link' ? link() : markdown();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopied({ kind, how: 'clipboard', text });
    } catch {
      setCopied({ kind, how: 'manual', text });
      requestAnimationFrame(() => fallback.current?.select());
    }
  };

  return (
    <div className={styles.actions}>
      <button type="button" className={styles.button} onClick={() => void copy('link')} data-testid="copy-link">Copy link</button>
      <button type="button" className={styles.button} onClick={() => void copy('markdown')} data-testid="copy-markdown">Copy as Markdown</button>
      <span role="status" aria-live="polite" className={styles.copied} data-testid="copy-status">
        {copied?.how === 'clipboard' ? (copied.kind === 'link' ? 'Link copied' : 'Markdown copied') : ''}
      </span>
      {copied?.how === 'manual' && (
        <label style={{ flexBasis: '100%' }}>
          <span className="muted small">The clipboard is not available here; copy the {copied.kind === 'link' ? 'link' : 'summary'} below (it is selected):</span>
          <textarea ref={fallback} className={styles.fallback} readOnly value={copied.text} data-testid="copy-fallback" onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </div>
  );
}
