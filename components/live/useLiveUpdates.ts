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
    source.addEventListener('change', () => {
      setLive({ state: 'live' });
      void queryClient.invalidateQueries({ queryKey: queryKeys.all });
    });
    source.onerror = () => setLive((prev) => (prev.state === 'down' ? prev : { state: 'down', since: Date.now() }));
    return () => source.close();
  }, [queryClient]);
  return live;
}
