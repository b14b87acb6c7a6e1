import 'server-only';
import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import { queryKeys } from '@/lib/api/queries';
import { getClusterCache } from '@/lib/k8s/cache';
import { buildGridView } from './grid';

/**
 * Server prefetch for pages: the same view the route returns, put under the
 * same query key, so the first paint has data and the client hook takes over.
 */
export function prefetchGrid(): DehydratedState {
  const queryClient = new QueryClient();
  const handle = getClusterCache();
  if (handle.ok) queryClient.setQueryData(queryKeys.grid(), buildGridView(handle.cache, Date.now()));
  return dehydrate(queryClient);
}
