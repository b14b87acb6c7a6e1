import type { ReactNode } from 'react';
import { Time } from '@/components/ui/Time';
import { inertLine } from '@/components/ui/inert';
import type { Outage } from './outage';

/**
 * The one outage banner: "Cannot reach the API server since 05:34:26 UTC
 * (2 min ago), retrying", the details folded below for whoever wants them.
 */
export function OutageBanner({ outage, now }: { outage: Outage; now: number }): ReactNode {
  return (
    <div className="banner warn outage" role="alert" data-testid="stale-banner" data-source={outage.source}>
      <p className="outage-headline">
        <strong>
          {inertLine(outage.cause)}
          {outage.since && <> since <Time iso={outage.since} now={now} /></>}
        </strong>
        {outage.retryAt ? <>, retrying at <Time iso={outage.retryAt} now={now} show="absolute" />.</> : ', retrying.'}
      </p>
      <details data-testid="outage-details">
        <summary>Details</summary>
        <ul>
          {outage.details.map((d, i) => (
            <li key={i}>
              {inertLine(d.text)}
              {d.lastInSync && <> (last in sync <Time iso={d.lastInSync} now={now} />)</>}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
