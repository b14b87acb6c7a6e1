'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { NodeNotFound } from '@/components/nodes/detail/NodeStates';

/** not-found has no params; the name is the last path segment. */
export default function NotFound(): ReactNode {
  const segment = usePathname()?.split('/').filter(Boolean).at(-1);
  let name: string | undefined;
  try {
    name = segment ? decodeURIComponent(segment) : undefined;
  } catch {
    name = segment;
  }
  return <NodeNotFound name={name} />;
}
