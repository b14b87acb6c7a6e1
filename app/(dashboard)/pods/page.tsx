import { HydrationBoundary } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { StuckPods } from '@/components/pods/StuckPods';
import { parsePodsSearch } from '@/lib/api/pods';
import { prefetchPods } from '@/lib/views/pods';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PodsPage({ searchParams }: { searchParams: SearchParams }): Promise<ReactNode> {
  const parsed = parsePodsSearch(await searchParams);
  return (
    <HydrationBoundary state={prefetchPods(parsed.ok ? { node: parsed.value.node, signature: parsed.value.signature } : undefined)}>
      <StuckPods />
    </HydrationBoundary>
  );
}
