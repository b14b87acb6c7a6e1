import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AuditLog } from '@/components/remediation/AuditLog';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Audit · cni-health' };

export default function AuditPage(): ReactNode {
  return <AuditLog />;
}
