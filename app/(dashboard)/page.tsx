import { HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { Suspense, type ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { NodeGrid } from '@/components/nodes/NodeGrid';
import { gridPageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

export default async function GridPage(): Promise<ReactNode> {
  const page = await gridPageData(await headers());
  if (!page.ok) return <Refused result={page} />;
  return (
    <HydrationBoundary state={page.data}>
      <Suspense fallback={<p className="state-msg" role="status">Loading nodes…</p>}>
        <NodeGrid />
      </Suspense>
    </HydrationBoundary>
  );
}
