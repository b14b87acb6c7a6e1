import { useSyncExternalStore } from 'react';

const subscribe = (): (() => void) => () => {};

/**
 * False on the server and during hydration, true afterwards. For parts of a
 * layout that must not take part in the server render: a query they start
 * there would exist before the page's prefetched data is hydrated, and
 * TanStack Query then defers that hydration, so the page would render
 * "loading" on the server and data in the browser.
 */
export function useMounted(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}
