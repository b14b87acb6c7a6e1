import Link from 'next/link';
import type { ReactNode } from 'react';
import type { PodsSearch, StuckPodView } from '@/lib/api/pods';
import { groupPods, type PodGroup } from './grouping';
import { SortHeader } from './SortHeader';
import { PodRows } from './VirtualPodRows';
import { Time } from '@/components/ui/Time';
import styles from './StuckPods.module.css';
import { inertLine } from '@/components/ui/inert';

/** The stuck pods in groups (by node or by signature), each a table with one row per pod. */
export function PodGroups({ pods, search, now }: { pods: readonly StuckPodView[]; search: PodsSearch; now: number }): ReactNode {
  return (
    <div className={styles.groups}>
      {groupPods(pods, search.group).map((g) => (
        <GroupSection key={g.key} group={g} search={search} now={now} />
      ))}
    </div>
  );
}

function GroupSection({ group, search, now }: { group: PodGroup; search: PodsSearch; now: number }): ReactNode {
  const headingId = `group-${group.kind}-${group.key}`;
  const cause = group.kind === 'signature' ? group.pods[0]?.signature.cause : undefined;
  return (
    <section className={styles.group} aria-labelledby={headingId} data-testid="pod-group" data-group={group.kind} data-key={group.key}>
      <h2 id={headingId} className={styles.groupTitle}>
        {group.kind === 'node' ? <Link prefetch={false} href={`/nodes/${encodeURIComponent(group.key)}`}>{inertLine(group.key)}</Link> : group.kind === 'signature' ? <code>{inertLine(group.key)}</code> : 'All matching pods'}
        <span className={styles.groupCount} data-testid="group-count" data-count={group.pods.length}>
          {group.pods.length} stuck pod{group.pods.length === 1 ? '' : 's'}, {group.failures} failures, since <Time iso={group.since} now={now} />
        </span>
      </h2>
      {cause && <p className={styles.cause}>{inertLine(cause)}</p>}
      <table className={`${styles.table} stack-table`}>
        <thead>
          <tr>
            <SortHeader column="pod" label="Pod" search={search} />
            {group.kind === 'node' ? <SortHeader column="signature" label="Signature" search={search} /> : <SortHeader column="node" label="Node" search={search} />}
            <SortHeader column="since" label="Stuck since" search={search} />
            <SortHeader column="failures" label="Failures" search={search} />
            <th scope="col">Last message</th>
            <th scope="col"><span className={styles.srOnly}>Timeline</span></th>
          </tr>
        </thead>
        <PodRows group={group} search={search} now={now} />
      </table>
    </section>
  );
}
