'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, safeNextPath } from '@/lib/api/queries';
import { signIn } from '@/lib/api/session';
import styles from './auth.module.css';

function explain(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return `Invalid token. ${err.message}`;
    if (err.status === 503) return `Cannot check the token. ${err.message}`;
    return err.message;
  }
  return 'The dashboard could not be reached. Check your connection and try again.';
}

/**
 * A bearer token in, a session out. The token goes to the dashboard's
 * server once, which checks it with the API server and keeps it there; the
 * browser only holds an HttpOnly session cookie.
 */
export function SignInForm({ next }: { next: string | undefined }): ReactNode {
  const tokenId = useId();
  const hintId = useId();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(token.trim());
      window.location.assign(safeNextPath(next));
    } catch (err) {
      setError(explain(err));
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-describedby={hintId} data-testid="signin-form">
      <label htmlFor={tokenId}>Kubernetes bearer token</label>
      <input
        id={tokenId}
        name="token"
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        autoFocus
        value={token}
        onChange={(e) => setToken(e.target.value)}
        aria-invalid={error ? true : undefined}
        data-testid="signin-token"
      />
      <p id={hintId} className={styles.hint}>
        For example <code>kubectl create token NAME</code> or your identity provider&apos;s ID token. Every action the
        dashboard takes for you uses this token, so your RBAC decides what you can see and do.
      </p>
      {error && <p role="alert" className={styles.error} data-testid="signin-error">{error}</p>}
      <button type="submit" disabled={busy || token.trim() === ''} data-testid="signin-submit">{busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
