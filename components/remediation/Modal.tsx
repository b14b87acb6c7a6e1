'use client';

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import styles from './remediation.module.css';

const FIELD = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])';
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface Props {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal built on the native <dialog>: showModal() makes the rest of the
 * page inert and gives Escape (the `cancel` event) for free. Tab is wrapped
 * by hand as well, because Chromium lets it leave a modal dialog for the
 * browser's own UI. Its first field takes the focus as soon as it is drawn;
 * focus returns to whatever opened it.
 */
export function Modal({ title, onClose, children, testId }: Props): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  // The first field takes the focus once it is drawn (the preview arrives after the dialog opens),
  // unless the user has already moved it inside the dialog.
  const fieldFocused = useRef(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || fieldFocused.current) return;
    const field = dialog.querySelector<HTMLElement>(FIELD);
    if (!field) return;
    fieldFocused.current = true;
    const active = document.activeElement;
    // showModal() put it on the first focusable element, the Close button.
    if (active === dialog || active === document.body || active === closeRef.current) field.focus();
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>): void => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Let React state decide: the dialog unmounts when the parent closes it.
        e.preventDefault();
        onClose();
      }}
    >
      <div className={styles.dialogHead}>
        <h2 id={titleId}>{title}</h2>
        <button ref={closeRef} type="button" className={styles.closeButton} onClick={() => onClose()} aria-label="Close">×</button>
      </div>
      <div className={styles.dialogBody}>{children}</div>
    </dialog>
  );
}
