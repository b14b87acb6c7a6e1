import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import styles from '@/components/auth/auth.module.css';
import { Header } from '@/components/cluster/Header';
import { SyncBanners } from '@/components/live/SyncBanners';
import { pageAccess } from '@/lib/views/access';

/**
 * Every dashboard page: the header, then the page, if this person may see
 * the cluster (token and proxy mode check their RBAC; docs/security.md).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const allowed = await pageAccess(await headers());
  if (!allowed.ok && allowed.signIn) redirect('/signin');
  return (
    <>
      <Header />
      {allowed.ok && <SyncBanners />}
      <main>
        {allowed.ok ? children : (
          <section className={styles.denied} role="alert" data-testid="access-denied">
            <h1>Not allowed</h1>
            <p>{allowed.error}</p>
          </section>
        )}
      </main>
    </>
  );
}
