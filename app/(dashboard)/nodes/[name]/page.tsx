import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Refused } from '@/components/auth/AccessDenied';
import { NodeDetail } from '@/components/nodes/detail/NodeDetail';
import { InvalidNodeName } from '@/components/nodes/detail/NodeStates';
import { describeIssue, nodeNameSchema } from '@/lib/api/params';
import { mayReadCluster, nodePageData } from '@/lib/views/page-data';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ name: string }>;
}

/** The title names the node only for those who may read the cluster: metadata renders apart from the page. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const allowed = await mayReadCluster(await headers());
  if (!allowed.ok) return { title: 'Not allowed · cni-health' };
  const { name } = await params;
  return { title: `${name} · cni-health` };
}

export default async function NodePage({ params }: Props): Promise<ReactNode> {
  const { name } = await params;
  const parsed = nodeNameSchema.safeParse(name);
  if (!parsed.success) {
    const allowed = await mayReadCluster(await headers());
    return allowed.ok ? <InvalidNodeName name={name} reason={describeIssue(parsed.error)} /> : <Refused result={allowed} />;
  }
  const page = await nodePageData(await headers(), parsed.data);
  if (!page.ok) return <Refused result={page} />;
  if (page.data?.notFound) notFound();
  return (
    <HydrationBoundary state={page.data?.state}>
      <NodeDetail name={parsed.data} />
    </HydrationBoundary>
  );
}
