'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { queryKeys } from '@/lib/api/queries';
import { identityQuery, switchDemoIdentity } from '@/lib/api/remediation';
import styles from './remediation.module.css';

/**
 * Who the dashboard's API calls run as, on every page: in a cluster, the
 * user's name; in the demo (when the server offers choices) it switches between the admin and the read-only identity; every
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
    return <span className={styles.identity} data-testid="identity" data-user={data.user}>as <strong>{data.user}</strong></span>;
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
