import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignInForm } from '@/components/auth/SignInForm';
import styles from '@/components/auth/auth.module.css';
import { signInEnabled } from '@/lib/views/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in · cni-health' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }): Promise<ReactNode> {
  const next = (await searchParams).next;
  return (
    <main className={styles.page}>
      <h1>Sign in to cni-health</h1>
      {signInEnabled() ? (
        <SignInForm next={typeof next === 'string' ? next : undefined} />
      ) : (
        <p>This dashboard does not use token sign-in. <Link prefetch={false} href="/">Go to the nodes</Link>.</p>
      )}
    </main>
  );
}
