import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Header } from '@/components/cluster/Header';
import { SyncBanners } from '@/components/live/SyncBanners';
import { SkipLink } from '@/components/ui/SkipLink';
import { mayReadCluster } from '@/lib/views/page-data';

/**
 * Every dashboard page: the header, the sync banners for those who may read
 * the cluster, then the page. The layout guards nothing: it renders in
 * parallel with the page, so each page takes its own access decision
 * (lib/views/page-data.ts, docs/security.md) and shows "Not allowed" itself.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const allowed = await mayReadCluster(await headers());
  return (
    <>
      <SkipLink />
      <Header />
      {allowed.ok && <SyncBanners />}
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
