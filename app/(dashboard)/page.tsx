import { HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { Suspense, type ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { NodeGrid } from '@/components/nodes/NodeGrid';
import { Skeleton } from '@/components/ui/Skeleton';
import { gridPageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

/**
 * The skeleton boundary is here rather than in a loading.tsx beside the
 * layout: that one would wrap every page of the group, the catch-all 404
 * included, whose status would then be sent (200) before notFound() runs.
 */
export default function GridPage(): ReactNode {
  return (
    <Suspense fallback={<Skeleton shape="grid" label="Loading the fleet…" />}>
      <Grid />
    </Suspense>
  );
}

async function Grid(): Promise<ReactNode> {
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
