import { HydrationBoundary } from '@tanstack/react-query';
import { headers } from 'next/headers';
import { Suspense, type ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { DiffPage } from '@/components/diff/DiffPage';
import { diffPageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `/diff?base=A&target=B[&baseRev=N&targetRev=M][&ignore=0][&view=text]`: the shareable config diff. */
export default async function DiffRoute({ searchParams }: Props): Promise<ReactNode> {
  const raw = await searchParams;
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  const page = await diffPageData(await headers(), params);
  if (!page.ok) return <Refused result={page} />;
  return (
    <HydrationBoundary state={page.data}>
      <Suspense fallback={<p className="state-msg" role="status">Comparing CNI configs…</p>}>
        <DiffPage />
      </Suspense>
    </HydrationBoundary>
  );
}
