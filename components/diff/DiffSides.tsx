import Link from 'next/link';
import type { ReactNode } from 'react';
import type { DiffSideView } from '@/lib/api/diff';
import { VerdictIcon, verdictLabel } from '@/components/nodes/VerdictIcon';
import { formatInstant, formatRelative } from '@/components/ui/time';
import { Time } from '@/components/ui/Time';
import { useTimeZone } from '@/components/ui/useTimeZone';
import styles from './Diff.module.css';
import { inertLine } from '@/components/ui/inert';

function when(iso: string | undefined, now: number, timeZone: string): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return 'time unknown';
  return `${formatInstant(t, timeZone, now)} (${formatRelative(t, now)})`;
}

function SideCard({ role, side, now }: { role: 'base' | 'target'; side: DiffSideView; now: number }): ReactNode {
  const top = side.findings[0];
  return (
    <section className={`${styles.side} ${styles[`v-${side.verdict}`] ?? ''}`} data-testid={`diff-side-${role}`} data-node={side.node} data-revision={side.revision} data-verdict={side.verdict} aria-label={`${role}: ${inertLine(side.node)}`}>
      <div className={styles.role}>{role === 'base' ? 'Base (reference)' : 'Target'}</div>
      <h2>
        <VerdictIcon verdict={side.verdict} />
        <Link prefetch={false} href={`/nodes/${encodeURIComponent(side.node)}`}>{inertLine(side.node)}</Link>
      </h2>
      <p>{verdictLabel(side.verdict)} now · {inertLine([side.pool && `pool ${side.pool}`, side.zone].filter(Boolean).join(' · ') || 'no pool or zone labels')}{side.variant ? ` · variant ${inertLine(side.variant)}` : ''}</p>
      <p>Revision <strong>{side.revision}</strong>, first seen <Time iso={side.observedAt} now={now} /></p>
      {top ? (
        <p className={styles.finding} data-testid="side-finding" data-rule={top.ruleId}>{side.behind ? `At revision ${side.revision}: ` : ''}{inertLine(top.title)}</p>
      ) : (
        <p className="muted">{side.missing ? 'Content not available' : `No findings at revision ${side.revision}`}</p>
      )}
    </section>
  );
}

/** The two nodes side by side: who, which revision, what is wrong with each. */
export function DiffSides({ base, target, now }: { base: DiffSideView; target: DiffSideView; now: number }): ReactNode {
  return (
    <div className={styles.sides}>
      <SideCard role="base" side={base} now={now} />
      <SideCard role="target" side={target} now={now} />
    </div>
  );
}

/** "Showing revision N from <time>; the node is now at revision M", one line per side that moved on, or whose revision is gone. */
export function RevisionNotices({ sides, now }: { sides: DiffSideView[]; now: number }): ReactNode {
  const { timeZone } = useTimeZone();
  const notes = sides.flatMap((s) => {
    if (s.missing === 'content-dropped') return [{ s, text: `Revision ${s.revision} of ${s.node} (from ${when(s.observedAt, now, timeZone)}) is no longer kept: the snapshot history dropped its content to stay within the size limit. ${s.node} is now at revision ${s.latestRevision}.` }];
    if (s.missing === 'unknown-revision') return [{ s, text: `${s.node} has no revision ${s.revision} in its snapshot history (it may be too old, or the node's agent restarted its count). ${s.node} is now at revision ${s.latestRevision}.` }];
    if (s.behind) return [{ s, text: `Showing revision ${s.revision} of ${s.node} from ${when(s.observedAt, now, timeZone)}; the node is now at revision ${s.latestRevision} (since ${when(s.latestObservedAt, now, timeZone)}).` }];
    return [];
  });
  if (notes.length === 0) return null;
  return (
    <div className={styles.notice} role="status" data-testid="diff-pinned-notice">
      {notes.map(({ s, text }) => <p key={s.node} style={{ margin: '.15rem 0' }} data-node={s.node}>{inertLine(text)}</p>)}
    </div>
  );
}
