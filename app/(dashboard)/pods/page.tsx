import { HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { StuckPods } from '@/components/pods/StuckPods';
import { listingOf, parsePodsSearch } from '@/lib/api/pods';
import { podsPageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function PodsPage({ searchParams }: { searchParams: SearchParams }): Promise<ReactNode> {
  const parsed = parsePodsSearch(await searchParams);
  const page = await podsPageData(await headers(), parsed.ok ? listingOf(parsed.value) : undefined);
  if (!page.ok) return <Refused result={page} />;
  return (
    <HydrationBoundary state={page.data}>
      <StuckPods />
    </HydrationBoundary>
  );
}
