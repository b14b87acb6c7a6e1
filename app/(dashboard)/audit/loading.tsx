import type { ReactNode } from 'react';
import { Skeleton } from '@/components/ui/Skeleton';

export default function Loading(): ReactNode {
  return <Skeleton shape="rows" label="Loading the audit log…" />;
}
