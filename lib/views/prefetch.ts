import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { queryKeys } from '@/lib/api/queries';
import type { ClusterCache } from '@/lib/k8s/cache';
import type { GridPayload } from '@/lib/api/grid-compact';
import { getGridStore } from './grid';

/**
 * Server prefetch for pages: the same view the route returns, put under the
 * same query key, so the first paint has data and the client hook takes over.
 * Only lib/views/page-data.ts calls it, after the page access decision.
 */
export function prefetchGrid(cache: ClusterCache): DehydratedState {
  const queryClient = new QueryClient();
  // The compact payload, as the client's query holds it (a fraction of the NodeViews' size in the HTML).
  queryClient.setQueryData(queryKeys.grid(), JSON.parse(getGridStore(cache).payload().json) as GridPayload);
  return dehydrate(queryClient);
}
