import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import type { PageDenialView } from '@/lib/api/views';
import { inert } from '@/components/ui/inert';
import styles from './auth.module.css';

/** "Not allowed", why, and as whom: what a page renders instead of itself when its request may not read the cluster. */
export function AccessDenied({ denial }: { denial: PageDenialView }): ReactNode {
  return (
    <section className={styles.denied} role="alert" data-testid="access-denied">
      <h1>Not allowed</h1>
      <p data-testid="access-denied-reason">{inert(denial.reason)}</p>
      {denial.user !== undefined && (
        <p className="muted small" data-testid="access-denied-user">
          Signed in as <strong>{inert(denial.user)}</strong>{denial.mode ? ` (${denial.mode} mode)` : ''}.
        </p>
      )}
    </section>
  );
}

/** A refused page: to sign in when there is nobody, else the denial. */
export function Refused({ result }: { result: { signIn: true } | { signIn: false; denial: PageDenialView } }): ReactNode {
  if (result.signIn) redirect('/signin');
  return <AccessDenied denial={result.denial} />;
}
