'use client';

import { useId, type ReactNode } from 'react';
import { zoneLabel } from './time';
import { setZoneChoice, useTimeZone } from './useTimeZone';

/**
 * Local time or UTC for every absolute time on every page, remembered in this
 * browser. The options name the zones, so the choice is never a guess.
 */
export function ZoneSwitch({ at }: { at: number }): ReactNode {
  const id = useId();
  const { choice, localZone } = useTimeZone();
  const local = zoneLabel(localZone, at);
  return (
    <span className="zone-switch" data-testid="zone-switch" data-choice={choice}>
      <label htmlFor={id}>times in</label>{' '}
      <select id={id} value={choice} onChange={(e) => setZoneChoice(e.target.value === 'utc' ? 'utc' : 'local')} data-testid="zone-select">
        <option value="local">{local === 'UTC' ? 'local (UTC)' : `local (${local})`}</option>
        <option value="utc">UTC</option>
      </select>
    </span>
  );
}
