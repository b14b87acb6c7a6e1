'use client';

import type { ReactNode } from 'react';
import { TimelineChart, type TimelineMarker } from '@/components/charts/TimelineChart';
import type { StuckPodView } from '@/lib/api/pods';
import { timelineSentence } from './summary';
import { Time } from '@/components/ui/Time';
import styles from './StuckPods.module.css';
import { inert, inertLine } from '@/components/ui/inert';

function markersOf(pod: StuckPodView): TimelineMarker[] {
  const tl = pod.timeline;
  const markers: TimelineMarker[] = tl.configChanges.filter((c) => c.onAxis).map((c) => ({ t: Date.parse(c.at), label: `config rev ${c.revision}`, tone: 'change' }));
  const created = Date.parse(pod.createdAt);
  if (created >= tl.start) markers.push({ t: created, label: 'created', tone: 'start' });
  if (tl.endKind === 'running') markers.push({ t: tl.end, label: 'running', tone: 'end' });
  return markers;
}

/**
 * A pod from creation through its sandbox failures to now (or to running),
 * with the node's config changes on the same axis; beside the chart, the same
 * story as text.
 */
export function PodTimeline({ pod, now }: { pod: StuckPodView; now: number }): ReactNode {
  const tl = pod.timeline;
  const sentence = timelineSentence(tl);
  const earlier = tl.configChanges.filter((c) => !c.onAxis && Date.parse(c.at) < tl.start && c.revision !== tl.changeBeforeFailures?.revision).at(-1);
  return (
    <div className={styles.timeline} data-testid="pod-timeline" data-pod={`${pod.namespace}/${pod.name}`}>
      <div className={styles.timelineChart}>
        <TimelineChart label={inertLine(`Sandbox failures of ${pod.namespace}/${pod.name} over time. ${sentence}`)} start={tl.start} end={tl.end} points={tl.points.map((p) => ({ t: p.t, value: p.failures }))} valueLabel="failures" markers={markersOf(pod)} />
      </div>
      <div className={styles.timelineText} data-testid="timeline-summary">
        <p>{sentence}</p>
        <ol className={styles.steps}>
          {Date.parse(pod.createdAt) < tl.start && <li>Pod created <Time iso={pod.createdAt} now={now} />, before the axis.</li>}
          {earlier && <li>Previous config change: revision {earlier.revision}, <Time iso={earlier.at} now={now} />.</li>}
          {tl.configChanges.filter((c) => c.onAxis || c.revision === tl.changeBeforeFailures?.revision).map((c) => (
            <li key={c.revision} data-testid="timeline-config-change" data-revision={c.revision} data-at={c.at}>
              Config changed to revision {c.revision} at <Time iso={c.at} now={now} />{c.source === 'file-modified' ? ' (from file times)' : ''}
              {c.files.length > 0 && <>: {c.files.join(', ')}</>}
            </li>
          ))}
          {tl.episodes.map((e) => (
            <li key={`${e.reason}-${e.firstSeen}`} data-testid="timeline-failure" data-count={e.count} data-first={e.firstSeen} data-last={e.lastSeen}>
              <strong>{inertLine(e.reason)}</strong> ×{e.count}, first <Time iso={e.firstSeen} now={now} />, last <Time iso={e.lastSeen} now={now} />
              <div className={styles.message}>{inert(e.message)}</div>
            </li>
          ))}
          <li>{tl.endKind === 'running' ? <>Running since <Time iso={new Date(tl.end).toISOString()} now={now} />.</> : 'Still not running.'}</li>
        </ol>
      </div>
    </div>
  );
}
