'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '@/lib/api/queries';

export type LiveState = { state: 'connecting' } | { state: 'live' } | { state: 'down'; since: number };

/**
 * Subscribes to the server's change stream and invalidates the queries on
 * screen, so every view follows the cluster without a reload. EventSource
 * reconnects by itself (the server sets `retry`).
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveState>({ state: 'connecting' });
  useEffect(() => {
    const source = new EventSource('/api/stream');
    // The stream says `change` as soon as it (re)connects. The fetches then in flight (the page's
    // first ones, on a first load) are as new as that message: they are left to finish, not
    // cancelled and sent again (an aborted request for nothing). Later changes do cancel a
    // fetch in flight, which may have been answered before the change.
    let connected = false;
    source.onopen = () => { connected = true; };
    source.addEventListener('change', () => {
      setLive({ state: 'live' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.all }, { cancelRefetch: !connected });
      connected = false;
    });
    source.onerror = () => setLive((prev) => (prev.state === 'down' ? prev : { state: 'down', since: Date.now() }));
    return () => source.close();
  }, [queryClient]);
  return live;
}
