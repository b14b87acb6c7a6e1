'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NodeRemediations } from '@/components/remediation/NodeRemediations';
import { nodeDetailQuery } from '@/lib/api/node-detail';
import { ApiError } from '@/lib/api/queries';
import { Time } from '@/components/ui/Time';
import { CniFiles } from './CniFiles';
import { FindingList } from './FindingList';
import { MultusPod } from './MultusPod';
import { AgentCondition } from './AgentCondition';
import { NodeConditions } from './NodeConditions';
import { NodeSummary } from './NodeSummary';
import { PodNetwork } from './PodNetwork';
import { PrimaryAgentPod } from './PrimaryAgentPod';
import { NodeNotFound } from './NodeStates';
import { SnapshotHistory } from './SnapshotHistory';
import { RecentPods } from './RecentPods';
import { StuckPods } from './StuckPods';
import styles from './detail.module.css';

/** Everything about one node an on-call SRE needs, following the cluster live (the stream invalidates this query). */
export function NodeDetail({ name }: { name: string }): ReactNode {
  const { data, error, isPending } = useQuery(nodeDetailQuery(name));

  if (isPending) return <p className="state-msg" role="status">Loading node {name}…</p>;
  if (error && error instanceof ApiError && error.status === 404) return <NodeNotFound name={name} />;
  if (error && !data) {
    const unconfigured = error instanceof ApiError && error.body.code === 'unconfigured';
    return (
      <div className="state-msg error" role="alert" data-testid="node-error">
        <strong>{unconfigured ? 'No cluster configured' : `Cannot load node ${name}`}</strong>
        <p>{error.message}</p>
      </div>
    );
  }

  return (
    <article className={styles.page} data-testid="node-detail" data-node={data.node.name} data-verdict={data.verdict}>
      {/* Kinds behind or hidden, and the dashboard unreachable, are the layout's one banner (components/live/SyncBanners.tsx); only an answer about this node is said here. */}
      {error instanceof ApiError && (
        <div className="banner warn" role="alert" data-testid="refresh-error">
          Showing the last answer, from <Time iso={data.generatedAt} now={data.generatedAt} show="absolute" />; refreshing failed: {error.message}
        </div>
      )}
      <NodeSummary view={data} />
      <div className={styles.columns}>
        <div className={styles.main}>
          <FindingList findings={data.findings} verdict={data.verdict} files={new Set(data.snapshot.state === 'ok' ? data.snapshot.files.map((f) => f.name) : [])} labels={data.remediations} now={data.generatedAt}
            lookAt={{ node: data.node.name, multusPod: data.multus ? `${data.multus.namespace}/${data.multus.name}` : undefined, confDir: data.snapshot.state === 'ok' ? data.snapshot.confDir : undefined }} />
          <NodeRemediations node={data.node.name} />
          <PrimaryAgentPod view={data.primaryAgent} node={data.node.name} now={data.generatedAt} />
          <StuckPods pods={data.stuckPods} node={data.node.name} now={data.generatedAt} />
          <RecentPods pods={data.recentPods} now={data.generatedAt} />
          <CniFiles snapshot={data.snapshot} now={data.generatedAt} />
        </div>
        <aside className={styles.side}>
          <PodNetwork view={data.dataPlane} now={data.generatedAt} />
          <MultusPod pod={data.multus} now={data.generatedAt} />
          <AgentCondition view={data.cniCondition} verdict={data.verdict} now={data.generatedAt} />
          <NodeConditions node={data.node} now={data.generatedAt} />
          <SnapshotHistory snapshot={data.snapshot} now={data.generatedAt} />
        </aside>
      </div>
    </article>
  );
}
