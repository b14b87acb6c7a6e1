import Link from 'next/link';
import type { ReactNode } from 'react';
import { VerdictIcon, verdictLabel } from '@/components/nodes/VerdictIcon';
import { compareHref, podsOfNodeHref, type NodeDetailView } from '@/lib/api/node-detail';
import { Time } from '@/components/ui/Time';
import { plural } from './format';
import styles from './detail.module.css';
import { inertLine } from '@/components/ui/inert';

/** The answer first: verdict, the top finding, and where to go next (diff, pod timelines). */
export function NodeSummary({ view }: { view: NodeDetailView }): ReactNode {
  const { node, verdict } = view;
  const top = view.findings[0];
  return (
    <header className={`${styles.summary} ${styles[`v-${verdict}`] ?? ''}`}>
      <nav aria-label="Breadcrumb" className={styles.crumbs}><Link prefetch={false} href="/">Nodes</Link> / {inertLine(node.name)}</nav>
      <div className={styles.titleRow}>
        <VerdictIcon verdict={verdict} size={28} />
        <h1>{inertLine(node.name)}</h1>
        <span className={styles.verdictText} data-testid="node-verdict" data-verdict={verdict}>{verdictLabel(verdict)}</span>
      </div>
      {top && verdict !== 'healthy' && <p className={styles.headline}>{inertLine(top.title)}</p>}
      <dl className={styles.facts}>
        <div><dt>Zone</dt><dd>{inertLine(node.zone ?? '—')}</dd></div>
        <div><dt>Pool</dt><dd>{inertLine(node.pool ?? '—')}</dd></div>
        <div><dt>Kubelet</dt><dd>{inertLine(node.kubeletVersion ?? '—')}</dd></div>
        <div><dt>Ready</dt><dd>{node.ready ? 'yes' : 'no'}{node.unschedulable ? ', cordoned' : ''}</dd></div>
        <div><dt>Roles</dt><dd>{node.roles.length > 0 ? node.roles.join(', ') : '—'}</dd></div>
        <div><dt>Stuck pods</dt><dd>{plural(view.stuckPods.length, 'pod')}</dd></div>
        <div><dt>As of</dt><dd><Time iso={view.generatedAt} now={view.generatedAt} show="absolute" />{view.stale ? ' (cache stale)' : ''}</dd></div>
      </dl>
      <div className={styles.actions}>
        <Link prefetch={false} className={styles.button} href={compareHref(node.name)} data-testid="compare-link">Compare with a healthy node</Link>
        <Link prefetch={false} href={podsOfNodeHref(node.name)} data-testid="pods-link">Stuck-pod timelines</Link>
      </div>
    </header>
  );
}
