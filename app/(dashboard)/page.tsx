import { HydrationBoundary } from '@tanstack/react-query';
import { Suspense, type ReactNode } from 'react';
import { NodeGrid } from '@/components/nodes/NodeGrid';
import { prefetchGrid } from '@/lib/views/prefetch';

export const dynamic = 'force-dynamic';

export default function GridPage(): ReactNode {
  return (
    <HydrationBoundary state={prefetchGrid()}>
      <Suspense fallback={<p className="state-msg" role="status">Loading nodes…</p>}>
        <NodeGrid />
      </Suspense>
    </HydrationBoundary>
  );
}
