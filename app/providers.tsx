'use client';

import { QueryClient, QueryClientProvider, isServer } from '@tanstack/react-query';
import type { ReactNode } from 'react';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server-prefetched data is fresh for a moment; the live stream
        // invalidates it as soon as the cluster changes.
        staleTime: 5_000,
        retry: 2,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A QueryClient per server request, one singleton in the browser (TanStack's Next.js pattern). */
function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}

export function Providers({ children }: { children: ReactNode }): ReactNode {
  const queryClient = getQueryClient();
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
