import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { AuditLog } from '@/components/remediation/AuditLog';
import { mayReadCluster } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Audit · cni-health' };

export default async function AuditPage(): Promise<ReactNode> {
  const page = await mayReadCluster(await headers());
  if (!page.ok) return <Refused result={page} />;
  return <AuditLog />;
}
