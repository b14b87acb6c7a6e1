import { HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { Suspense, type ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { NodeGrid } from '@/components/nodes/NodeGrid';
import { Skeleton } from '@/components/ui/Skeleton';
import { gridPageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

/**
 * No loading boundary above the access decision (neither a loading.tsx nor a
 * Suspense here): a refusal redirects to sign-in, and a redirect is a 307
 * only while nothing has been streamed yet.
 */
export default async function GridPage(): Promise<ReactNode> {
  const page = await gridPageData(await headers());
  if (!page.ok) return <Refused result={page} />;
  return (
    <HydrationBoundary state={page.data}>
      <Suspense fallback={<Skeleton shape="grid" label="Loading nodes…" />}>
        <NodeGrid />
      </Suspense>
    </HydrationBoundary>
  );
}
