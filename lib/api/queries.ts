import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { applyGridDelta, decodeGrid, type GridPayload } from './grid-compact';
import { sameOriginPath } from './next-path';
import type { ErrorView } from './views';

/** Every query key in one place, so invalidation from the live stream can target them. */
export const queryKeys = {
  all: ['cni-health'] as const,
  grid: () => [...queryKeys.all, 'grid'] as const,
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorView,
  ) {
    super(body.error);
    this.name = 'ApiError';
  }
}

/** Only a path on this origin may be a return address (no open redirect through ?next=; lib/api/next-path.ts). */
export function safeNextPath(next: string | null | undefined): string {
  return sameOriginPath(next, window.location.origin);
}

function goToSignIn(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/signin') return;
  // A full load, not a client navigation: nothing of the previous session stays in memory.
  window.location.assign(new URL(`/signin?next=${encodeURIComponent(safeNextPath(window.location.pathname + window.location.search))}`, window.location.origin).href);
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (!res.ok) {
    let body: ErrorView = { error: `${res.status} ${res.statusText}`, code: 'internal' };
    try {
      body = (await res.json()) as ErrorView;
    } catch {
      // keep the status line
    }
    // Signed out, expired, or the API server refused the token: sign in again, then come back here.
    if (res.status === 401 && body.code === 'unauthenticated') goToSignIn();
    throw new ApiError(res.status, body);
  }
  return (await res.json()) as T;
}

/**
 * The grid's compact payload; after the first, only deltas cross the wire:
 * the request names the version held, the answer carries what changed since.
 */
export async function fetchGrid(client: QueryClient, signal?: AbortSignal): Promise<GridPayload> {
  const held = client.getQueryData<GridPayload>(queryKeys.grid());
  const query = held ? `?since=${held.version}&epoch=${encodeURIComponent(held.epoch)}` : '';
  const next = await fetchJson<GridPayload>(`/api/grid${query}`, { signal });
  return held && next.base === held.version && next.epoch === held.epoch ? applyGridDelta(held, next) : next;
}

export function gridQuery() {
  return queryOptions({
    queryKey: queryKeys.grid(),
    queryFn: ({ signal, client }) => fetchGrid(client, signal),
    // Decoded once per payload per component (react-query memoises select on the data).
    select: decodeGrid,
    // The live stream invalidates this query; the interval is the safety net
    // when the stream is down.
    refetchInterval: 15_000,
  });
}
