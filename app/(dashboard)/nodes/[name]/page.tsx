import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { NodeDetail } from '@/components/nodes/detail/NodeDetail';
import { InvalidNodeName } from '@/components/nodes/detail/NodeStates';
import { describeIssue, nodeNameSchema } from '@/lib/api/params';
import { prefetchNodeDetail } from '@/lib/views/node-detail';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${name} · cni-health` };
}

export default async function NodePage({ params }: Props): Promise<ReactNode> {
  const { name } = await params;
  const parsed = nodeNameSchema.safeParse(name);
  if (!parsed.success) return <InvalidNodeName name={name} reason={describeIssue(parsed.error)} />;
  const prefetched = prefetchNodeDetail(parsed.data);
  if (prefetched.notFound) notFound();
  return (
    <HydrationBoundary state={prefetched.state}>
      <NodeDetail name={parsed.data} />
    </HydrationBoundary>
  );
}
