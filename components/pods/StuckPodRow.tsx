import Link from 'next/link';
import type { ReactNode } from 'react';
import { podRef, type PodGroupBy, type StuckPodView } from '@/lib/api/pods';
import { PodTimeline } from './PodTimeline';
import { messageTail } from './summary';
import { Time } from '@/components/ui/Time';
import styles from './StuckPods.module.css';
import { inert, inertLine } from '@/components/ui/inert';

interface Props {
  pod: StuckPodView;
  groupBy: PodGroupBy;
  open: boolean;
  toggleHref: string;
  now: number;
}

/** One stuck pod; its timeline opens below it (the open pod is in the URL). Event text is rendered as text, never as markup. */
export function StuckPodRow({ pod, groupBy, open, toggleHref, now }: Props): ReactNode {
  const ref = podRef(pod);
  const timelineId = `timeline-${pod.namespace}-${pod.name}`;
  return (
    <>
      <tr data-testid="stuck-pod" data-pod={ref} data-node={pod.node} data-signature={pod.signature.id} className={open ? styles.openRow : undefined}>
        <th scope="row" className={styles.podName}>
          <span className="muted">{inertLine(pod.namespace)}/</span>{inertLine(pod.name)}
          {pod.owner && <div className={styles.owner}>{inertLine(pod.owner)}</div>}
        </th>
        <td data-label={groupBy === 'node' ? 'Signature' : 'Node'}>
          {groupBy === 'node' ? <code title={pod.signature.cause}>{pod.signature.id}</code> : inertLine(pod.node)}
          {groupBy === 'none' && <div className={styles.owner}><code title={pod.signature.cause}>{pod.signature.id}</code></div>}
        </td>
        <td data-label="Stuck since" data-testid="pod-since"><Time iso={pod.since} now={now} /></td>
        <td data-label="Failures" data-testid="pod-failures" data-count={pod.failures}>{pod.failures}</td>
        <td data-label="Last message" className={styles.message} data-testid="pod-last-message" title={pod.lastMessage ? inertLine(pod.lastMessage) : undefined}>{pod.lastMessage ? inert(messageTail(pod.lastMessage)) : <span className="muted">none</span>}</td>
        <td>
          <Link prefetch={false} href={toggleHref} scroll={false} aria-expanded={open} aria-controls={open ? timelineId : undefined} data-testid="timeline-toggle">
            {open ? 'Hide timeline' : 'Timeline'}
          </Link>
        </td>
      </tr>
      {open && (
        <tr className={styles.timelineRow}>
          <td colSpan={6} id={timelineId}>
            <PodTimeline pod={pod} now={now} />
          </td>
        </tr>
      )}
    </>
  );
}
