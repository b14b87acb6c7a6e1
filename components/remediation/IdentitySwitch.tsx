'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { queryKeys } from '@/lib/api/queries';
import { identityQuery, switchDemoIdentity, type IdentityView } from '@/lib/api/remediation';
import { signOut } from '@/lib/api/session';
import authStyles from '@/components/auth/auth.module.css';
import styles from './remediation.module.css';

const MODE_LABEL: Record<IdentityView['mode'], string> = {
  demo: 'demo',
  local: 'your kubeconfig',
  'read-only': 'read-only',
  token: 'signed in with a token',
  proxy: 'signed in through the proxy',
};

function SignOut(): ReactNode {
  const out = useMutation({ mutationFn: signOut, onSettled: () => window.location.assign(new URL('/signin', window.location.origin).href) });
  return <button type="button" className={authStyles.signOut} onClick={() => out.mutate()} disabled={out.isPending} data-testid="sign-out">Sign out</button>;
}

/**
 * Who the dashboard's API calls run as, on every page: in a cluster, the
 * user's name and the sign-in mode (with sign-out in token mode); in the demo (when the server offers choices) it switches between the admin and the read-only identity; every
 * query is then refetched, since permissions answer differently.
 */
export function IdentitySwitch(): ReactNode {
  const queryClient = useQueryClient();
  const selectId = useId();
  const { data } = useQuery(identityQuery());
  const change = useMutation({
    mutationFn: switchDemoIdentity,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.all }),
  });
  // Without an answer (no cluster configured, say) the header already says enough.
  if (!data) return null;
  if (!data.choices || data.choices.length === 0) {
    const groups = data.groups && data.groups.length > 0 ? `groups: ${data.groups.join(', ')}` : undefined;
    return (
      <span className={styles.identity} data-testid="identity" data-user={data.user} data-mode={data.mode} title={groups}>
        as <strong>{data.user}</strong> <span className="muted">({MODE_LABEL[data.mode]})</span>
        {data.canSignOut && <SignOut />}
      </span>
    );
  }
  return (
    <span className={styles.identity} data-testid="identity" data-user={data.user}>
      <label htmlFor={selectId}>acting as</label>{' '}
      <select id={selectId} value={data.user} disabled={change.isPending} onChange={(e) => change.mutate(e.target.value)} data-testid="identity-select">
        {data.choices.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
      {change.error && <span role="alert" className={styles.identityError}> switch failed: {change.error.message}</span>}
    </span>
  );
}
