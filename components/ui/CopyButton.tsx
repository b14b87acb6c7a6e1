'use client';

import { useEffect, useState, type ReactNode } from 'react';
import styles from './copy.module.css';

/** navigator.clipboard needs a secure context; the textarea route works on plain http too. */
async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

/** A button that copies `text` and says so to screen readers (a polite live region) and to the eye. */
export function CopyButton({ text, label, testId = 'copy' }: { text: string; label: string; testId?: string }): ReactNode {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const t = setTimeout(() => setStatus('idle'), 2_500);
    return () => clearTimeout(t);
  }, [status]);
  return (
    <span className={styles.wrap}>
      <button type="button" className={styles.button} aria-label={`Copy ${label}`} data-testid={testId}
        onClick={() => { writeClipboard(text).then(() => setStatus('copied'), () => setStatus('failed')); }}>
        Copy
      </button>
      <span role="status" aria-live="polite" className={styles.status} data-testid={`${testId}-status`}>
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  );
}
