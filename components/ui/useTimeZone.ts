import { useSyncExternalStore } from 'react';
import { resolveZone, UTC, type ZoneChoice } from './time';

const KEY = 'cni-health.time-zone';
const listeners = new Set<() => void>();

/** Local unless the viewer chose UTC; storage can be missing or refused (private windows, policies). */
function readChoice(): ZoneChoice {
  try {
    return window.localStorage.getItem(KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

function browserZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

// Another tab changed the choice: follow it here too. One listener for every
// time on the page (a pods page can hold hundreds).
function onStorage(e: StorageEvent): void {
  if (e.key !== KEY && e.key !== null) return;
  for (const l of listeners) l();
}

function subscribe(onChange: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(onChange);
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

let fallback: ZoneChoice | undefined;

export function setZoneChoice(choice: ZoneChoice): void {
  try {
    window.localStorage.setItem(KEY, choice);
    fallback = undefined;
  } catch {
    // Not stored: the choice still holds until the page is left.
    fallback = choice;
  }
  for (const l of listeners) l();
}

function currentChoice(): ZoneChoice {
  return fallback ?? readChoice();
}

/**
 * The viewer's choice, and the IANA zone to write times in. The server cannot
 * know either, so it renders UTC, and so does the browser while it hydrates
 * (React takes the server snapshot then); the stored choice applies right
 * after, without a hydration mismatch.
 */
export function useTimeZone(): { choice: ZoneChoice; timeZone: string; localZone: string } {
  const choice = useSyncExternalStore(subscribe, currentChoice, () => 'utc' as const);
  const localZone = useSyncExternalStore(subscribe, browserZone, () => UTC) ?? UTC;
  return { choice, timeZone: resolveZone(choice, localZone), localZone };
}
